package dev.switchboard.subjects.testing;

/** {@code nats-server} is not installed; the message says how to install it. */
public final class NatsServerNotFoundException extends RuntimeException {
  public NatsServerNotFoundException(String message) {
    super(message, null, false, false);
  }
}
