package dev.switchboard.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fan-out floor: graphql-transport-ws cut down to what fan-out needs (ack, subscribe, next), no
 * GraphQL. Each NATS event is wrapped as a {@code next} for every subscriber of this verticle and
 * written as it is; the bridge's fan-out is measured against it. One instance per event loop, each
 * with its own NATS subscription, so a broadcast never leaves its loop.
 */
final class FloorFanout implements Handler<ServerWebSocket> {
  static final String SUBJECT = "bench.ticks";
  private final Map<ServerWebSocket, String> subscriptionIds = new LinkedHashMap<>();
  private final Dispatcher dispatcher;

  FloorFanout(Connection connection, Context context) {
    dispatcher =
        connection.createDispatcher(
            message -> {
              String event = new String(message.getData(), StandardCharsets.UTF_8);
              context.runOnContext(ignored -> broadcast(event));
            });
    dispatcher.subscribe(SUBJECT);
  }

  @Override
  public void handle(ServerWebSocket socket) {
    socket.textMessageHandler(
        text -> {
          JsonObject message = new JsonObject(text);
          switch (message.getString("type", "")) {
            case "connection_init" -> socket.writeTextMessage("{\"type\":\"connection_ack\"}");
            case "subscribe" -> subscriptionIds.put(socket, message.getString("id"));
            case "ping" -> socket.writeTextMessage("{\"type\":\"pong\"}");
            default -> {}
          }
        });
    socket.closeHandler(ignored -> subscriptionIds.remove(socket));
  }

  private void broadcast(String event) {
    String rest = "\",\"type\":\"next\",\"payload\":{\"data\":{\"ticks\":" + event + "}}}";
    subscriptionIds.forEach((socket, id) -> socket.writeTextMessage("{\"id\":\"" + id + rest));
  }
}
