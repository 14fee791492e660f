package dev.switchboard.bridge.http;

import java.util.function.Supplier;

/**
 * Who a request's limits count against ({@code sub:<subject>}, or {@code ip:<address>} for
 * anonymous callers), worked out on first use only: with rate limits off a plain HTTP request never
 * needs it, and resolving a client address is not free.
 */
public final class CallerKey {
  private final Supplier<String> resolve;
  private String value;

  CallerKey(Supplier<String> resolve) {
    this.resolve = resolve;
  }

  public String value() {
    if (value == null) {
      value = resolve.get();
    }
    return value;
  }

  @Override
  public String toString() {
    return value();
  }
}
