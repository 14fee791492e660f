package dev.switchboard.bench;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /nested}: the floor of {@code { orders { id customer { name } } }} written by hand:
 * request the orders, send their distinct customer ids in ONE {@code bench.customers.batch}
 * request, and join the two replies into the GraphQL-shaped response the bridge answers.
 */
final class FloorNested {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final byte[] EMPTY = new byte[0];
  private final Connection connection;
  private final Context context;

  FloorNested(Connection connection, Context context) {
    this.connection = connection;
    this.context = context;
  }

  void handle(HttpServerRequest request) {
    request.body().onSuccess(ignored -> orders(request));
  }

  private void orders(HttpServerRequest request) {
    ask(BenchNested.ORDERS, EMPTY)
        .whenComplete(
            (answer, failure) ->
                context.runOnContext(
                    v -> {
                      if (failure != null) {
                        request.response().setStatusCode(502).end();
                        return;
                      }
                      customers(request, new JsonArray(Buffer.buffer(answer.getData())));
                    }));
  }

  private void customers(HttpServerRequest request, JsonArray orders) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < orders.size(); i++) {
      index.putIfAbsent(orders.getJsonObject(i).getString("customerId"), index.size());
    }
    List<String> keys = new ArrayList<>(index.keySet());
    byte[] body =
        new JsonObject().put("keys", new JsonArray(keys)).encode().getBytes(StandardCharsets.UTF_8);
    ask(BenchNested.CUSTOMERS, body)
        .whenComplete(
            (answer, failure) ->
                context.runOnContext(
                    v -> {
                      if (failure != null) {
                        request.response().setStatusCode(502).end();
                        return;
                      }
                      JsonArray customers = new JsonArray(Buffer.buffer(answer.getData()));
                      JsonArray result = new JsonArray();
                      for (int i = 0; i < orders.size(); i++) {
                        JsonObject order = orders.getJsonObject(i);
                        JsonObject customer =
                            customers.getJsonObject(index.get(order.getString("customerId")));
                        result.add(
                            new JsonObject()
                                .put("id", order.getString("id"))
                                .put(
                                    "customer",
                                    new JsonObject().put("name", customer.getString("name"))));
                      }
                      request
                          .response()
                          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                          .end(
                              new JsonObject()
                                  .put("data", new JsonObject().put("orders", result))
                                  .toBuffer());
                    }));
  }

  private CompletableFuture<Message> ask(String subject, byte[] body) {
    try {
      return connection.requestWithTimeout(subject, body, TIMEOUT);
    } catch (RuntimeException cannotSend) {
      return CompletableFuture.failedFuture(cannotSend);
    }
  }
}
