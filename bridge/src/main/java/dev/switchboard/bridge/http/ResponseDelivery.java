package dev.switchboard.bridge.http;

import dev.switchboard.bridge.subscriptions.WriteStreamDelivery;
import io.vertx.core.http.HttpServerResponse;

/** A streamed HTTP response (SSE, multipart) as a subscription transport. */
final class ResponseDelivery extends WriteStreamDelivery {
  private final HttpServerResponse response;

  ResponseDelivery(HttpServerResponse response) {
    super(response);
    this.response = response;
  }

  @Override
  public boolean open() {
    return !response.ended() && !response.closed();
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
