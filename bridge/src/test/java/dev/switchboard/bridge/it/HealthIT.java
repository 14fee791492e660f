package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Liveness and readiness ask the real NATS connection: a NATS outage shows, and so does the
 * recovery.
 */
@Timeout(60)
class HealthIT {
  static final String QUERY = "{ count }";

  /** A server of its own for every test: they stop and restart it. */
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().perTest();

  TestBridge bridge;

  @BeforeEach
  void start() {
    String prefix = Subjects.uniquePrefix();
    Responders.answering(nats.connect(), "count", prefix + ".count", "42");
    bridge =
        nats.startBridge(
            """
        type Query { count: Int @natsRequest(subject: "%s.count", timeout: "5s") }
        """
                .formatted(prefix));
  }

  @Test
  void healthz_isOk() {
    Response response = get("/healthz");

    assertEquals(200, response.status());
    assertEquals("ok", response.json().path("status").asText());
  }

  @Test
  void readyz_whileNatsIsUp_isReadyWithNatsConnected() {
    Response response = get("/readyz");

    assertEquals(200, response.status(), response::toString);
    assertEquals("connected", response.json().path("checks").path("nats").asText());
    assertEquals("loaded", response.json().path("checks").path("schema").asText());
  }

  @Test
  void natsStopped_readyzIs503_andQueriesAreServiceUnavailableQuickly() {
    nats.server().stop();

    Response unready = poll(() -> get("/readyz"), r -> r.status() == 503, Duration.ofSeconds(5));
    assertEquals(503, unready.status(), unready::toString);
    assertEquals("disconnected", unready.json().path("checks").path("nats").asText());
    assertEquals(200, get("/healthz").status(), "liveness does not depend on NATS");

    Response query = bridge.client().query(QUERY);
    assertEquals("SERVICE_UNAVAILABLE", query.firstCode(), query::toString);
    assertTrue(
        query.millis() < 2000, "answered in " + query.millis() + " ms; the field's timeout is 5 s");
  }

  @Test
  void natsRestarted_readyzIs200Again_andQueriesWorkAgain() {
    assertEquals(42, bridge.client().query(QUERY).data().path("count").asInt());
    nats.server().stop();
    poll(() -> get("/readyz"), r -> r.status() == 503, Duration.ofSeconds(5));

    nats.server().restart();

    Response ready = poll(() -> get("/readyz"), r -> r.status() == 200, Duration.ofSeconds(20));
    assertEquals(200, ready.status(), ready::toString);
    Response query =
        poll(
            () -> bridge.client().query(QUERY),
            r -> r.data().path("count").asInt() == 42,
            Duration.ofSeconds(10));
    assertEquals(42, query.data().path("count").asInt(), query::toString);
  }

  Response get(String path) {
    return bridge.client().send("GET", path, null, Map.of());
  }

  /** The first answer that satisfies {@code done}, or the last one when time runs out. */
  static Response poll(Supplier<Response> call, Predicate<Response> done, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    Response last = call.get();
    while (!done.test(last) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return last;
      }
      last = call.get();
    }
    return last;
  }
}
