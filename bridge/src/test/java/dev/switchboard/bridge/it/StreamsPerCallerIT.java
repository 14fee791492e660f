package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.MultipartClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SSE and multipart subscriptions are long-lived connections: a caller holds at most {@code
 * rateLimits.maxStreamsPerCaller} of them at once, so one client cannot pin the bridge's
 * connections and NATS interest by opening streams without end. A stream over the limit is refused
 * 429 before anything is subscribed; a closed stream gives its place back.
 */
@Timeout(60)
class StreamsPerCallerIT {
  static final String SDL =
      """
      type Query { hello: String @natsRequest(subject: "%1$s.hello") }
      type Subscription {
        ticks: Tick @natsSubscribe(subjects: ["%1$s.ticks"])
        tocks: Tick @natsSubscribe(subjects: ["%1$s.tocks"])
      }
      type Tick { n: Int! }
      """;

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();

  String prefix;
  TestBridge bridge;

  @BeforeEach
  void start() {
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(
            SDL.formatted(prefix),
            """
            rateLimits:
              maxStreamsPerCaller: 2
            """);
  }

  @Test
  void aThirdStream_sseOrMultipart_isRefused429_andSubscribesNothing_untilOneCloses() {
    String ticks = GraphQLClient.body("subscription { ticks { n } }", null, null);
    String tocks = GraphQLClient.body("subscription { tocks { n } }", null, null);
    SseClient first = SseClient.post(bridge.port(), ticks, Map.of());
    try (MultipartClient second = MultipartClient.post(bridge.port(), ticks, Map.of())) {
      assertEquals(200, first.status());
      assertEquals(200, second.status());

      Response overSse = post(tocks, "text/event-stream");
      Response overMultipart = post(tocks, MultipartClient.ACCEPT);

      for (Response refused : new Response[] {overSse, overMultipart}) {
        assertEquals(429, refused.status(), refused.text());
        assertEquals("RATE_LIMITED", refused.firstCode(), refused.text());
        assertTrue(refused.text().contains("the limit is 2"), refused.text());
      }
      assertEquals(0, Probes.subscriptionsMatching(nats.server(), prefix + ".tocks"));

      first.close();
      Probes.awaitTrue(
          () -> {
            try (SseClient again = SseClient.post(bridge.port(), tocks, Map.of())) {
              return again.status() == 200;
            }
          },
          () -> "a closed stream did not give its place back");
    }
  }

  private Response post(String body, String accept) {
    return bridge.client().post(body, Map.of("Accept", accept));
  }
}
