package dev.switchboard.subjects.responder;

/**
 * Continues the caller's trace around each handler when the service has OpenTelemetry on its class
 * path; otherwise does nothing. OpenTelemetry is an optional dependency of this jar: nothing here
 * touches its classes unless they are present.
 */
interface HandlerSpans {
  HandlerSpans NONE = (request, subject) -> HandlerSpan.NONE;

  /** Starts the span of one handled request, current on this thread until it ends. */
  HandlerSpan start(Request request, String endpointSubject);

  /** One handled request's span. */
  interface HandlerSpan {
    HandlerSpan NONE = reply -> {};

    /** Records the reply (an error reply marks the span failed) and ends the span. */
    void end(Reply reply);
  }

  static HandlerSpans detect(String endpoint) {
    try {
      Class.forName(
          "io.opentelemetry.api.GlobalOpenTelemetry", false, HandlerSpans.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError absent) {
      return NONE;
    }
    return new OpenTelemetrySpans(endpoint);
  }
}
