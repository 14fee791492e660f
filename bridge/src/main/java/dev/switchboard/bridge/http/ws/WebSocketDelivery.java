package dev.switchboard.bridge.http.ws;

import dev.switchboard.bridge.subscriptions.WriteStreamDelivery;
import io.vertx.core.http.ServerWebSocket;

/** A WebSocket as a subscription transport; closing it sends the code and reason. */
final class WebSocketDelivery extends WriteStreamDelivery {
  private final ServerWebSocket socket;

  WebSocketDelivery(ServerWebSocket socket) {
    super(socket);
    this.socket = socket;
  }

  @Override
  public boolean open() {
    return !socket.isClosed();
  }

  @Override
  public void close(int code, String reason) {
    if (!socket.isClosed()) {
      socket.close((short) code, reason);
    }
  }
}
