package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.function.BiConsumer;

/**
 * One graphql-transport-ws client: connection_init, then one subscription; every {@code next}
 * reports (sequence, delivery latency) using the publisher's nanoTime stamp (same JVM, same clock).
 */
final class FanoutSubscriber {
  static final String QUERY = "subscription { ticks { seq sentAt } }";

  private FanoutSubscriber() {}

  static Future<WebSocket> connect(
      WebSocketClient client,
      String host,
      int port,
      BiConsumer<Integer, Long> onTick,
      Runnable onSubscribed) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(host)
            .setPort(port)
            .setURI("/graphql")
            .addSubProtocol("graphql-transport-ws");
    return client
        .connect(options)
        .onSuccess(
            socket -> {
              socket.textMessageHandler(
                  text -> {
                    switch (type(text)) {
                      case "connection_ack" -> {
                        socket.writeTextMessage(
                            new JsonObject()
                                .put("id", "1")
                                .put("type", "subscribe")
                                .put("payload", new JsonObject().put("query", QUERY))
                                .encode());
                        onSubscribed.run();
                      }
                      case "next" ->
                          onTick.accept(
                              (int) number(text, "\"seq\":"),
                              System.nanoTime() - number(text, "\"sentAt\":"));
                      case "ping" ->
                          socket.writeTextMessage(new JsonObject().put("type", "pong").encode());
                      default -> {}
                    }
                  });
              socket.writeTextMessage(
                  new JsonObject()
                      .put("type", "connection_init")
                      .put("payload", new JsonObject())
                      .encode());
            });
  }

  /**
   * The message's type; a next is recognised without parsing the rest (this client shares the CPU
   * with the bridge).
   */
  private static String type(String text) {
    if (text.contains("\"type\":\"next\"")) {
      return "next";
    }
    return new JsonObject(text).getString("type", "");
  }

  /** The whole number (bare or quoted) after {@code key} in {@code text}. */
  private static long number(String text, String key) {
    int at = text.indexOf(key) + key.length();
    if (text.charAt(at) == '"') {
      at++;
    }
    long value = 0;
    for (char c = text.charAt(at); c >= '0' && c <= '9'; c = text.charAt(++at)) {
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
