package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.RawHttp;
import dev.switchboard.bridge.testing.RawHttp.Answer;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A graceful shutdown in one process: while draining, {@code /readyz} says so with 503, requests
 * are still served but close their connections; then the listener closes and work in flight
 * finishes.
 */
@Timeout(60)
class DrainingIT {
  static final String COUNT = "{\"query\":\"{ count }\"}";
  static final String SLOW = "{\"query\":\"{ slow }\"}";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();

  @Test
  void shutdownGracefully_drainsForTheDelay_thenClosesAfterWorkInFlight() throws Exception {
    String prefix = Subjects.uniquePrefix();
    Connection services = nats.connect();
    Responders.answering(services, "count", prefix + ".count", "42");
    Responder.builder(services, "slow", "1.0.0")
        .endpoint(
            "slow",
            prefix + ".slow",
            request -> {
              Thread.sleep(2500);
              return Reply.json("7");
            })
        .start();
    TestBridge bridge =
        nats.startBridge(
            """
            type Query {
              count: Int @natsRequest(subject: "%1$s.count", timeout: "5s")
              slow: Int @natsRequest(subject: "%1$s.slow", timeout: "5s", retries: 0)
            }
            """
                .formatted(prefix),
            "",
            Map.of("SWITCHBOARD_HTTP_SHUTDOWN_DELAY", "1s"));
    int port = bridge.port();
    RawHttp keptAlive = RawHttp.connect(port);
    Answer before = post(keptAlive, COUNT);
    assertEquals(200, before.status());
    assertNull(before.header("Connection"), "no Connection: close before draining");

    CompletableFuture<Void> stopped =
        CompletableFuture.runAsync(
            () -> {
              try {
                bridge.bridge().shutdownGracefully();
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
              }
            });

    Probes.awaitTrue(() -> get(port, "/readyz").status() == 503, () -> "never draining");
    Answer readyz = get(port, "/readyz");
    assertTrue(readyz.body().contains("\"status\":\"draining\""), readyz::toString);
    assertTrue(readyz.body().contains("\"nats\":\"connected\""), readyz::toString);

    Answer served = post(keptAlive, COUNT);
    assertEquals(200, served.status(), "requests are still served while draining");
    assertTrue(served.body().contains("\"count\":42"), served::toString);
    assertEquals("close", served.header("Connection"));
    assertTrue(keptAlive.closedWithin(Duration.ofSeconds(2)), "the connection stays open");

    RawHttp inFlight = RawHttp.connect(port).write(request(SLOW));
    Probes.awaitTrue(() -> !accepts(port), () -> "the listener is still open after the delay");
    Answer slow = inFlight.readAnswer();
    assertEquals(200, slow.status(), "work in flight finishes after the listener closed");
    assertTrue(slow.body().contains("\"slow\":7"), slow::toString);

    stopped.get(30, TimeUnit.SECONDS);
    assertFalse(bridge.bridge().isNatsConnected(), "NATS is drained and closed");
    inFlight.close();
  }

  static Answer post(RawHttp connection, String json) {
    return connection.write(request(json)).readAnswer();
  }

  static String request(String json) {
    return "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: "
        + json.length()
        + "\r\n\r\n"
        + json;
  }

  static Answer get(int port, String path) {
    try (RawHttp connection = RawHttp.connect(port)) {
      return connection.get(path);
    }
  }

  static boolean accepts(int port) {
    try (RawHttp connection = RawHttp.connect(port)) {
      return true;
    } catch (RuntimeException refused) {
      return false;
    }
  }
}
