package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.subjects.TraceParent;

/** Request contexts for tests that render errors without a running bridge. */
final class TestRequests {
  private TestRequests() {}

  /** An anonymous caller's request, completing inline; {@code dev} shows error details. */
  static RequestContext anonymous(String correlationId, boolean dev) {
    return new RequestContext(
        correlationId,
        TraceParent.newTrace(),
        null,
        Caller.anonymous("anonymous"),
        null,
        dev,
        Runnable::run,
        null);
  }
}
