package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.NodeSubscriber;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apollo Client's own multipart subscriptions (npm {@code @apollo/client}, whose HttpLink sends a
 * subscription with {@code Accept: multipart/mixed;subscriptionSpec=1.0}) against the bridge and a
 * real nats-server, run as a Node process ({@code src/test/js/apollo-multipart.mjs}).
 */
@Timeout(90)
class ApolloMultipartIT {
  static final String SDL =
      """
      type Query { nothing: String }
      type Subscription {
        ticks: Tick @natsSubscribe(subjects: ["%1$s.ticks"])
        secrets: Tick @natsSubscribe(subjects: ["%1$s.secrets"])
      }
      type Tick { n: Int! }
      """;
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();
  static final TestIssuer issuer = TestIssuer.create();

  Connection connection;
  String prefix;

  @BeforeEach
  void start() {
    connection = nats.connect();
    prefix = Subjects.uniquePrefix();
  }

  private void publishTick(int n) {
    connection.publish(prefix + ".ticks", ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static int n(JsonNode next) {
    return next.path("payload").path("data").path("ticks").path("n").asInt(-1);
  }

  @Test
  void apolloClient_receivesHundredEventsInOrder_overMultipart() {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix), "");
    try (NodeSubscriber apollo =
        NodeSubscriber.apolloMultipart(bridge, "subscription { ticks { n } }", Map.of(), 0)) {
      // no "subscribed" signal over HTTP: probe ticks (n = 0) until Apollo sees one
      Probes.awaitTrue(
          () -> {
            publishTick(0);
            return !apollo.nexts().isEmpty() || waitALittle();
          },
          () -> "Apollo Client never received a probe: " + apollo.describe());

      IntStream.rangeClosed(1, 100).forEach(this::publishTick);

      apollo.awaitEvent(event -> n(event) == 100, Duration.ofSeconds(20));
      List<Integer> received =
          apollo.nexts().stream().map(ApolloMultipartIT::n).filter(n -> n > 0).toList();
      assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), received, apollo.describe());
      JsonNode first = apollo.nexts().get(0).path("payload").path("data").path("ticks");
      assertEquals("Tick", first.path("__typename").asText(), "Apollo's own __typename came back");
    }
    Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".ticks", 0);
  }

  @Test
  void apolloClient_seesAForbiddenSubscriptionAsAnErrorWithItsCode() {
    TestBridge bridge =
        nats.startBridge(
            SDL.formatted(prefix),
            "dev: true\n"
                + issuer.authYaml()
                + """
            authorization:
              roles:
                viewer:
                  subscribe: ["%1$s.ticks"]
            """
                    .formatted(prefix));
    String token = issuer.tokenFor("vera", claims -> claims.claim("roles", List.of("viewer")));
    try (NodeSubscriber apollo =
        NodeSubscriber.apolloMultipart(
            bridge,
            "subscription { secrets { n } }",
            Map.of("authorization", "Bearer " + token),
            0)) {
      JsonNode error = apollo.awaitEvent("error");
      assertEquals(
          "FORBIDDEN",
          error.path("errors").path(0).path("extensions").path("code").asText(),
          apollo.describe());
      assertTrue(apollo.nexts().isEmpty(), apollo.describe());
    }
    assertEquals(0, Probes.subscriptionsMatching(nats.server(), prefix + ".secrets"));
  }

  /** Paces the probe loop; always false so the loop goes on. */
  private static boolean waitALittle() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
