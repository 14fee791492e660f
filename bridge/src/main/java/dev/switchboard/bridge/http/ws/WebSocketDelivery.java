package dev.switchboard.bridge.http.ws;

import dev.switchboard.bridge.subscriptions.Delivery;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;

/** A WebSocket as a subscription transport: writable while its write queue has room. */
final class WebSocketDelivery implements Delivery {
  private final ServerWebSocket socket;
  private final List<Runnable> waiting = new ArrayList<>();

  WebSocketDelivery(ServerWebSocket socket) {
    this.socket = socket;
    socket.drainHandler(
        ignored -> {
          List<Runnable> ready = new ArrayList<>(waiting);
          waiting.clear();
          ready.forEach(Runnable::run);
        });
  }

  @Override
  public boolean writable() {
    return !socket.writeQueueFull();
  }

  @Override
  public boolean open() {
    return !socket.isClosed();
  }

  @Override
  public void whenWritable(Runnable action) {
    waiting.add(action);
  }

  @Override
  public void close(int code, String reason) {
    if (!socket.isClosed()) {
      socket.close((short) code, reason);
    }
  }
}
