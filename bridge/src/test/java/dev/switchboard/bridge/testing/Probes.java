package dev.switchboard.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.subjects.testing.LocalNatsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the subscription tests read from outside: the bridge's Prometheus {@code /metrics} and
 * nats-server's own {@code /subsz} (needs {@code NatsServerExtension.monitoring()}), and a poll for
 * conditions that become true a little later.
 */
public final class Probes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Probes() {}

  /** A value from the bridge's {@code /metrics}; fails when the series is not there at all. */
  public static double metric(TestBridge bridge, String name) {
    String text = bridge.client().send("GET", "/metrics", null, Map.of()).text();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError(name + " is not in /metrics");
  }

  /**
   * nats-server's count of subscriptions a message on {@code subject} would reach ({@code
   * /subsz?test=}).
   */
  public static int subscriptionsMatching(LocalNatsServer server, String subject) {
    return subsz(server, "?subs=1&test=" + subject).path("total").asInt();
  }

  /** Every subscription nats-server holds, its own internal ones included. */
  public static int natsSubscriptions(LocalNatsServer server) {
    return subsz(server, "").path("num_subscriptions").asInt();
  }

  /**
   * Waits until exactly {@code count} subscriptions match {@code subject} (the bridge's SUB reached
   * the server).
   */
  public static void awaitSubscriptionsMatching(LocalNatsServer server, String subject, int count) {
    awaitTrue(
        () -> subscriptionsMatching(server, subject) == count,
        () ->
            "subscriptions on "
                + subject
                + ": "
                + subscriptionsMatching(server, subject)
                + ", expected "
                + count);
  }

  /**
   * Polls {@code condition} for up to 15 s; a condition that throws (a server restarting) counts as
   * false.
   */
  public static void awaitTrue(BooleanSupplier condition, Supplier<String> failure) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(failure.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(interrupted);
      }
    }
  }

  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException | AssertionError notYet) {
      return false;
    }
  }

  private static JsonNode subsz(LocalNatsServer server, String query) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.monitorUrl() + "/subsz" + query))
                  .timeout(WAIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }
}
