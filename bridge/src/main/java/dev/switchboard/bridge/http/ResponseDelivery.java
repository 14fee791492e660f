package dev.switchboard.bridge.http;

import dev.switchboard.bridge.subscriptions.Delivery;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A streamed HTTP response (SSE, multipart) as a subscription transport: writable while its write
 * queue has room.
 */
final class ResponseDelivery implements Delivery {
  private final HttpServerResponse response;
  private final List<Runnable> waiting = new ArrayList<>();

  ResponseDelivery(HttpServerResponse response) {
    this.response = response;
    response.drainHandler(
        ignored -> {
          List<Runnable> ready = new ArrayList<>(waiting);
          waiting.clear();
          ready.forEach(Runnable::run);
        });
  }

  @Override
  public boolean writable() {
    return !response.writeQueueFull();
  }

  @Override
  public boolean open() {
    return !response.ended() && !response.closed();
  }

  @Override
  public void whenWritable(Runnable action) {
    waiting.add(action);
  }

  /**
   * A streamed response has no close codes: the stream just ends (the reason is logged by the
   * caller).
   */
  @Override
  public void close(int code, String reason) {
    if (!response.ended() && !response.closed()) {
      response.reset();
    }
  }
}
