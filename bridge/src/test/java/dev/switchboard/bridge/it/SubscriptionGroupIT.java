package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identical core subscriptions (same document, variables and caller) form a group: each event is
 * executed once for the group and the same encoded payload reaches every member, over WebSocket and
 * SSE alike. Different variables or callers are not grouped; a slow member is closed alone; the
 * last member leaving takes the NATS interest with it.
 */
@Timeout(120)
class SubscriptionGroupIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SDL =
      """
      type Query { ping: String @natsRequest(subject: "%1$s.ping") }
      type Subscription { ticks(feed: ID!): Tick @natsSubscribe(subjects: ["%1$s.ticks.{{ args.feed }}"]) }
      type Tick { n: Int!, pad: String }
      """;
  static final String TICKS =
      "subscription ($feed: ID!, $pad: Boolean!) { ticks(feed: $feed) { n pad @include(if: $pad) } }";
  static final String EXECUTIONS = "switchboard_subscription_executions_total";
  static final String ACTIVE = "switchboard_subscriptions_active";
  static final String GROUP = "subscriptions:\n  group: true\n";
  static final Duration WAIT = Duration.ofSeconds(10);
  static final TestIssuer issuer = TestIssuer.create();

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();

  @TempDir static Path dir;
  static Path signingKeyFile;

  String prefix;
  Connection publisher;

  @BeforeAll
  static void createSigningKey() throws Exception {
    signingKeyFile = dir.resolve("identity-key.json");
    Files.writeString(
        signingKeyFile,
        new ECKeyGenerator(Curve.P_256).keyID("group-it").generate().toJSONString());
  }

  @BeforeEach
  void start() {
    prefix = Subjects.uniquePrefix();
    publisher = nats.connect();
  }

  @Test
  void twentyIdenticalSubscribers_eachEventExecutedOnce_allGetTheSamePayloadInOrder()
      throws Exception {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix), GROUP);
    List<GraphQLWsClient> clients = new ArrayList<>();
    try (SseClient sse =
        SseClient.post(
            bridge.port(),
            JSON.writeValueAsString(
                Map.of("query", TICKS, "variables", Map.of("feed", "a", "pad", false))),
            Map.of("Accept", "text/event-stream"))) {
      for (int i = 0; i < 20; i++) {
        clients.add(subscribed(bridge, null, Map.of("feed", "a", "pad", false)));
      }
      awaitActive(bridge, 21);
      assertEquals(1, Probes.subscriptionsMatching(nats.server(), prefix + ".ticks.a"));
      double before = Probes.metric(bridge, EXECUTIONS);

      publish("a", 5);

      for (int n = 1; n <= 5; n++) {
        String first = null;
        for (GraphQLWsClient client : clients) {
          JsonNode next = client.nextOf("1", WAIT);
          assertEquals("next", next.path("type").asText(), next::toString);
          assertEquals(n, next.path("payload").path("data").path("ticks").path("n").asInt());
          String payload = next.path("payload").toString();
          assertEquals(first == null ? payload : first, payload, "identical payloads");
          first = payload;
        }
        JsonNode overSse = sse.next(WAIT).json();
        assertEquals(first, overSse.toString(), "SSE members get the same payload");
      }
      Probes.awaitTrue(
          () -> Probes.metric(bridge, EXECUTIONS) - before == 5,
          () -> "executions for 5 events: " + (Probes.metric(bridge, EXECUTIONS) - before));
    } finally {
      clients.forEach(GraphQLWsClient::close);
    }
  }

  @Test
  void differentVariables_areNotGrouped_eachGetsItsOwnResult() throws Exception {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix), GROUP);
    try (GraphQLWsClient plain = subscribed(bridge, null, Map.of("feed", "b", "pad", false));
        GraphQLWsClient padded = subscribed(bridge, null, Map.of("feed", "b", "pad", true))) {
      awaitActive(bridge, 2);
      double before = Probes.metric(bridge, EXECUTIONS);

      publish("b", 1);

      JsonNode withoutPad = plain.nextOf("1", WAIT).path("payload").path("data").path("ticks");
      JsonNode withPad = padded.nextOf("1", WAIT).path("payload").path("data").path("ticks");
      assertFalse(withoutPad.has("pad"), withoutPad::toString);
      assertEquals("p1", withPad.path("pad").asText(), withPad::toString);
      Probes.awaitTrue(
          () -> Probes.metric(bridge, EXECUTIONS) - before == 2,
          () -> "executions: " + (Probes.metric(bridge, EXECUTIONS) - before));
    }
  }

  @Test
  void differentCallers_areNotGrouped_theSameTokenIs() throws Exception {
    TestBridge bridge =
        nats.startBridge(
            SDL.formatted(prefix),
            GROUP + issuer.authYaml() + "identity:\n  signingKeyFile: " + signingKeyFile + "\n");
    String alice = issuer.tokenFor("alice", claims -> {});
    String bob = issuer.tokenFor("bob", claims -> {});
    Map<String, Object> variables = Map.of("feed", "c", "pad", false);
    try (GraphQLWsClient alice1 = subscribed(bridge, alice, variables);
        GraphQLWsClient alice2 = subscribed(bridge, alice, variables);
        GraphQLWsClient bob1 = subscribed(bridge, bob, variables)) {
      awaitActive(bridge, 3);
      double before = Probes.metric(bridge, EXECUTIONS);

      publish("c", 1);

      for (GraphQLWsClient client : List.of(alice1, alice2, bob1)) {
        JsonNode next = client.nextOf("1", WAIT);
        assertEquals(1, next.path("payload").path("data").path("ticks").path("n").asInt());
      }
      Probes.awaitTrue(
          () -> Probes.metric(bridge, EXECUTIONS) - before == 2,
          () ->
              "executions (alice's two connections share one): "
                  + (Probes.metric(bridge, EXECUTIONS) - before));
    }
  }

  @Test
  void slowMember_isClosedAlone_theRestOfTheGroupGetsEveryEventInOrder() throws Exception {
    TestBridge bridge =
        nats.startBridge(
            SDL.formatted(prefix), "subscriptions:\n  group: true\n  bufferSize: 128\n");
    double slowBefore = Probes.metric(bridge, "switchboard_subscriptions_slow_consumers_total");
    Map<String, Object> variables = Map.of("feed", "d", "pad", true);
    try (GraphQLWsClient healthy = subscribed(bridge, null, variables);
        SlowConsumerIT.StalledClient slow = SlowConsumerIT.StalledClient.connect(bridge.port())) {
      slow.initAndSubscribe("1", Map.of("query", TICKS, "variables", variables));
      awaitActive(bridge, 2);

      int events = 1_000;
      publish("d", events, "x".repeat(16 * 1024));

      for (int n = 1; n <= events; n++) {
        JsonNode next = healthy.nextOf("1", WAIT);
        assertEquals(n, next.path("payload").path("data").path("ticks").path("n").asInt());
      }
      Probes.awaitTrue(
          () ->
              Probes.metric(bridge, "switchboard_subscriptions_slow_consumers_total")
                  == slowBefore + 1,
          () -> "the stalled member was not closed as a slow consumer");
      int code = slow.readUntilClosed();
      assertTrue(code == 1008 || code == SlowConsumerIT.StalledClient.DROPPED, "closed " + code);
      assertFalse(healthy.isClosed(), "the healthy member stays");
      assertEquals(1.0, Probes.metric(bridge, ACTIVE));
    }
  }

  @Test
  void lastMemberLeaving_releasesTheNatsInterest() throws Exception {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix), GROUP);
    int baseline = Probes.natsSubscriptions(nats.server());
    Map<String, Object> variables = Map.of("feed", "e", "pad", false);
    GraphQLWsClient first = subscribed(bridge, null, variables);
    GraphQLWsClient second = subscribed(bridge, null, variables);
    GraphQLWsClient third = subscribed(bridge, null, variables);
    awaitActive(bridge, 3);
    assertEquals(1, Probes.subscriptionsMatching(nats.server(), prefix + ".ticks.e"));

    first.send(Map.of("id", "1", "type", "complete"));
    second.abort();
    awaitActive(bridge, 1);
    assertEquals(1, Probes.subscriptionsMatching(nats.server(), prefix + ".ticks.e"));
    publish("e", 1);
    assertEquals(
        1, third.nextOf("1", WAIT).path("payload").path("data").path("ticks").path("n").asInt());

    third.close();
    first.close();
    awaitActive(bridge, 0);
    Probes.awaitTrue(
        () -> Probes.natsSubscriptions(nats.server()) == baseline,
        () -> "NATS subscriptions left: " + Probes.natsSubscriptions(nats.server()));
    assertEquals(0, Probes.subscriptionsMatching(nats.server(), prefix + ".ticks.e"));
  }

  @Test
  void groupingOff_everySubscriberExecutesEachEvent() throws Exception {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix), "subscriptions:\n  group: false\n");
    Map<String, Object> variables = Map.of("feed", "f", "pad", false);
    try (GraphQLWsClient one = subscribed(bridge, null, variables);
        GraphQLWsClient two = subscribed(bridge, null, variables);
        GraphQLWsClient three = subscribed(bridge, null, variables)) {
      awaitActive(bridge, 3);
      double before = Probes.metric(bridge, EXECUTIONS);
      publish("f", 1);
      for (GraphQLWsClient client : List.of(one, two, three)) {
        assertEquals("next", client.nextOf("1", WAIT).path("type").asText());
      }
      Probes.awaitTrue(
          () -> Probes.metric(bridge, EXECUTIONS) - before == 3,
          () -> "executions: " + (Probes.metric(bridge, EXECUTIONS) - before));
    }
  }

  GraphQLWsClient subscribed(TestBridge bridge, String token, Map<String, Object> variables) {
    GraphQLWsClient client = GraphQLWsClient.connect(bridge);
    client.init(token == null ? Map.of() : Map.of("authorization", "Bearer " + token));
    client.subscribe("1", TICKS, variables);
    return client;
  }

  static void awaitActive(TestBridge bridge, int count) {
    Probes.awaitTrue(
        () -> Probes.metric(bridge, ACTIVE) == count,
        () -> "live subscriptions: " + Probes.metric(bridge, ACTIVE) + ", expected " + count);
  }

  void publish(String feed, int count) throws Exception {
    publish(feed, count, null);
  }

  void publish(String feed, int count, String pad) throws Exception {
    for (int n = 1; n <= count; n++) {
      String event =
          JSON.writeValueAsString(
              pad == null ? Map.of("n", n, "pad", "p" + n) : Map.of("n", n, "pad", pad));
      publisher.publish(prefix + ".ticks." + feed, event.getBytes(StandardCharsets.UTF_8));
      if (pad != null) {
        LockSupport.parkNanos(2_500_000); // a steady 400 big events/s, as in SlowConsumerIT
      }
    }
    publisher.flush(Duration.ofSeconds(5));
  }
}
