package dev.switchboard.bridge.deploy;

import dev.switchboard.bridge.config.BridgeConfig;
import java.lang.reflect.Field;
import java.time.Duration;

/**
 * How long a bridge may take to stop after SIGTERM: {@code http.shutdownDelay}, then the listener's
 * grace for requests in flight ({@code HttpVerticle.SHUTDOWN_GRACE}, read from the class), then the
 * NATS drain (5 s, {@code NatsConnector}'s drain timeout).
 */
final class ShutdownBudget {
  static final Duration NATS_DRAIN = Duration.ofSeconds(5);

  private ShutdownBudget() {}

  static Duration of(BridgeConfig config) {
    return config.http().shutdownDelay().plus(listenerGrace()).plus(NATS_DRAIN);
  }

  private static Duration listenerGrace() {
    try {
      Field grace =
          Class.forName("dev.switchboard.bridge.http.HttpVerticle")
              .getDeclaredField("SHUTDOWN_GRACE");
      grace.setAccessible(true);
      return (Duration) grace.get(null);
    } catch (ReflectiveOperationException moved) {
      throw new AssertionError("HttpVerticle.SHUTDOWN_GRACE moved: update this budget", moved);
    }
  }
}
