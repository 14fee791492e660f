package dev.switchboard.bridge.http;

import dev.switchboard.subjects.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;

/**
 * A request body must arrive whole within {@code http.idleTimeout}. The idle timeout alone does not
 * see to it: Vert.x watches idleness behind the HTTP decoder, so every body chunk, however small,
 * counts as traffic and a client trickling a byte now and then would hold its connection for ever.
 * (Trickled headers are no such problem: the decoder passes nothing on until they are complete.)
 * Late: 408, and the connection is closed.
 */
final class BodyDeadline implements PlatformHandler {
  private final Duration deadline;

  BodyDeadline(Duration deadline) {
    this.deadline = deadline;
  }

  @Override
  public void handle(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    if (request.isEnded()) {
      routing.next();
      return;
    }
    long timer =
        routing.vertx().setTimer(deadline.toMillis(), fired -> refuseIfUnfinished(routing));
    routing.addEndHandler(done -> routing.vertx().cancelTimer(timer));
    routing.next();
  }

  private void refuseIfUnfinished(RoutingContext routing) {
    if (routing.request().isEnded()) {
      return;
    }
    ResponseWriter.requestErrorAndClose(
        routing,
        408,
        ErrorCode.BAD_REQUEST,
        "The request body did not arrive within " + deadline.toMillis() + " ms.");
  }
}
