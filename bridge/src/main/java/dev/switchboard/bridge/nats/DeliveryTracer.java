package dev.switchboard.bridge.nats;

/**
 * Watches each message a shared subscription delivers, with the publisher's trace context
 * (tracing). With {@link #NONE} the adapter does not even look at the headers.
 */
@FunctionalInterface
public interface DeliveryTracer {
  DeliveryTracer NONE = (subject, traceparent) -> () -> {};

  /**
   * Called on the dispatcher thread before the message is handed to its listeners.
   *
   * @param traceparent the message's {@code traceparent} header, or null
   * @return run once the listeners have it
   */
  Runnable delivering(String subject, String traceparent);
}
