package dev.switchboard.bridge.http;

import dev.switchboard.bridge.chain.Scheduler;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * A request body must arrive whole within {@code http.idleTimeout}. The idle timeout alone does not
 * see to it: Vert.x watches idleness behind the HTTP decoder, so every body chunk, however small,
 * counts as traffic and a client trickling a byte now and then would hold its connection for ever.
 * (Trickled headers are no such problem: the decoder passes nothing on until they are complete.)
 * Late: 408, and the connection is closed.
 */
final class BodyDeadline {
  private final Duration deadline;
  private final Scheduler scheduler;

  /**
   * @param scheduler the bridge's wheel timer: O(1) to arm and cancel, once per request
   */
  BodyDeadline(Duration deadline, Scheduler scheduler) {
    this.deadline = deadline;
    this.scheduler = scheduler;
  }

  /** Refuses the request with 408 unless its body has arrived before the deadline. */
  void arm(RoutingContext routing) {
    if (routing.request().isEnded()) {
      return;
    }
    Context loop = routing.vertx().getOrCreateContext();
    Scheduler.Cancellable late =
        scheduler.schedule(deadline, () -> loop.runOnContext(fired -> refuseIfUnfinished(routing)));
    routing.addEndHandler(done -> late.cancel());
  }

  private void refuseIfUnfinished(RoutingContext routing) {
    if (routing.request().isEnded() || routing.response().ended()) {
      return;
    }
    ResponseWriter.refuseAndClose(
        routing, 408, "The request body did not arrive within " + deadline.toMillis() + " ms.");
  }
}
