package dev.switchboard.bridge.subscriptions;

/**
 * Where a subscription's events come from: NATS subjects, or a JetStream stream. A source is wired
 * to its publisher when created; events arrive on NATS threads, already parsed (a map, list or
 * scalar; {@link NotJson} when the message is not JSON).
 */
interface EventSource {
  /** Stops delivery and releases the NATS interest. Idempotent. */
  void close();
}
