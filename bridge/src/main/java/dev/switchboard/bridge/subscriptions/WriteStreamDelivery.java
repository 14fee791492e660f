package dev.switchboard.bridge.subscriptions;

import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A Vert.x write stream (a WebSocket, a streamed HTTP response) as a subscription transport:
 * writable while its write queue has room; what waits for room runs when it drains. The transport
 * says how it tells it is open and how it ends.
 */
public abstract class WriteStreamDelivery implements Delivery {
  private final WriteStream<?> stream;
  private final List<Runnable> waiting = new ArrayList<>();

  protected WriteStreamDelivery(WriteStream<?> stream) {
    this.stream = stream;
    stream.drainHandler(
        ignored -> {
          List<Runnable> ready = new ArrayList<>(waiting);
          waiting.clear();
          ready.forEach(Runnable::run);
        });
  }

  @Override
  public final boolean writable() {
    return !stream.writeQueueFull();
  }

  @Override
  public final void whenWritable(Runnable action) {
    waiting.add(action);
  }
}
