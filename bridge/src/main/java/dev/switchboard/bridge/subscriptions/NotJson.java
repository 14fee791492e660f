package dev.switchboard.bridge.subscriptions;

/**
 * An event whose payload is not JSON. It is still delivered, so the client sees a {@code BAD_REPLY}
 * for it (its fields cannot be read from a non-object) instead of a silent gap.
 */
public record NotJson(int length) {
  @Override
  public String toString() {
    return "a " + length + "-byte message that is not JSON";
  }
}
