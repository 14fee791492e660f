package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.SseClient.Event;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GraphQL over SSE (graphql-sse, distinct connections) from a real HTTP client: every result is an
 * {@code event: next}, the end an {@code event: complete}; refusals before the stream starts are
 * plain JSON answers; a client that goes away takes its subscription with it.
 */
@Timeout(60)
class SseIT {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String SDL =
      """
      type Query { hello(name: String!): Greeting @natsRequest(subject: "%1$s.hello") }
      type Mutation { shout(text: String!): PublishResult @natsPublish(subject: "%1$s.shouts") }
      type Subscription {
        ticks: Tick @natsSubscribe(subjects: ["%1$s.ticks"])
        secrets: Tick @natsSubscribe(subjects: ["%1$s.secrets"])
      }
      type Tick { n: Int!, text: String, extra: String }
      type Greeting { text: String, lang: String }
      """;
  static final String TICKS = "subscription { ticks { n } }";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();
  static final TestIssuer issuer = TestIssuer.create();

  Connection connection;
  String prefix;

  @BeforeEach
  void start() {
    connection = nats.connect();
    prefix = Subjects.uniquePrefix();
  }

  private TestBridge bridge(String extraYaml) {
    return nats.startBridge(SDL.formatted(prefix), extraYaml);
  }

  /** Auth on, no anonymous access; viewers may subscribe to ticks only. */
  private TestBridge guardedBridge() {
    return bridge(
        "dev: true\n"
            + issuer.authYaml()
            + """
        authorization:
          roles:
            viewer:
              request: ["%1$s.>"]
              subscribe: ["%1$s.ticks"]
        """
                .formatted(prefix));
  }

  private static String viewerToken(Instant expiresAt) {
    return issuer.tokenFor(
        "vera",
        claims -> claims.claim("roles", List.of("viewer")).expirationTime(Date.from(expiresAt)));
  }

  private static SseClient sse(TestBridge bridge, String query, Map<String, String> headers) {
    SseClient client =
        SseClient.post(bridge.port(), GraphQLClient.body(query, null, null), headers);
    assertEquals(200, client.status());
    assertTrue(
        client.header("Content-Type").startsWith("text/event-stream"),
        client.header("Content-Type"));
    return client;
  }

  private void publishTick(String subject, int n) {
    connection.publish(
        subject,
        ("{\"n\":" + n + ",\"text\":\"tick " + n + "\",\"extra\":\"not asked for\"}")
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The stream gives no "subscribed" signal: publishes probe ticks (n = 0) until one arrives, so
   * what the test publishes next is certain to be seen.
   */
  private void awaitLive(SseClient client, String subject) {
    for (int attempt = 0; attempt < 100; attempt++) {
      publishTick(subject, 0);
      Event event = client.poll(Duration.ofMillis(100));
      if (event != null) {
        assertEquals("next", event.event(), event.toString());
        assertEquals(
            0,
            event.json().path("data").path(fieldOf(subject)).path("n").asInt(),
            event.toString());
        return;
      }
    }
    throw new AssertionError("the subscription never went live");
  }

  private String fieldOf(String subject) {
    return subject.substring(prefix.length() + 1);
  }

  /** The next event that is not a probe. */
  private static Event nextAfterProbes(SseClient client, String field) {
    while (true) {
      Event event = client.next(WAIT);
      if (!"next".equals(event.event())
          || event.json().path("data").path(field).path("n").asInt(-1) != 0) {
        return event;
      }
    }
  }

  private static int activeSubscriptions(TestBridge bridge) {
    return (int) Probes.metric(bridge, "switchboard_subscriptions_active");
  }

  /**
   * Subscriptions nats-server holds on {@code subject}, once this test's own messages have landed.
   */
  private int natsInterest(String subject) {
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (Exception failed) {
      throw new IllegalStateException("cannot flush", failed);
    }
    return Probes.subscriptionsMatching(nats.server(), subject);
  }

  private static void awaitActive(TestBridge bridge, int expected) throws InterruptedException {
    long giveUp = System.nanoTime() + WAIT.toNanos();
    while (activeSubscriptions(bridge) != expected) {
      assertTrue(
          System.nanoTime() < giveUp,
          "switchboard_subscriptions_active never became "
              + expected
              + " (is "
              + activeSubscriptions(bridge)
              + ")");
      Thread.sleep(50);
    }
  }

  // ---- results as events ----

  @Test
  void hundredPublishedMessages_arriveInOrder_withExactlyTheSelectedFields() {
    TestBridge bridge = bridge("");
    try (SseClient client = sse(bridge, TICKS, Map.of())) {
      awaitLive(client, prefix + ".ticks");

      IntStream.rangeClosed(1, 100).forEach(n -> publishTick(prefix + ".ticks", n));

      List<Integer> received = new ArrayList<>();
      Event event = nextAfterProbes(client, "ticks");
      for (int n = 1; n <= 100; n++) {
        assertEquals("next", event.event(), event.toString());
        JsonNode result = event.json();
        assertEquals(Set.of("data"), fieldNames(result), event.toString());
        assertEquals(Set.of("ticks"), fieldNames(result.path("data")));
        assertEquals(
            Set.of("n"), fieldNames(result.path("data").path("ticks")), "only the selected field");
        received.add(result.path("data").path("ticks").path("n").asInt());
        if (n < 100) {
          event = client.next(WAIT);
        }
      }
      assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), received);
    }
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new java.util.HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void queryOverSse_isOneNextThenComplete() {
    TestBridge bridge = bridge("");
    Responders.answering(
        connection, "hello", prefix + ".hello", "{\"text\":\"hi Ada\",\"lang\":\"en\"}");

    try (SseClient client = sse(bridge, "{ hello(name: \"Ada\") { text } }", Map.of())) {
      Event next = client.next(WAIT);
      assertEquals("next", next.event());
      assertEquals(
          "hi Ada", next.json().path("data").path("hello").path("text").asText(), next.toString());
      assertFalse(next.json().path("data").path("hello").has("lang"));
      assertEquals("complete", client.next(WAIT).event());
      assertTrue(client.awaitEnd(WAIT), "the response ends after complete");
      assertTrue(client.drained().isEmpty());
    }
  }

  @Test
  void mutationOverSse_isOneNextThenComplete_andThePublishHappens() {
    TestBridge bridge = bridge("");
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".shouts");
        SseClient client = sse(bridge, "mutation { shout(text: \"hey\") { ok } }", Map.of())) {
      Event next = client.next(WAIT);
      assertEquals("next", next.event());
      assertTrue(next.json().path("data").path("shout").path("ok").asBoolean(), next.toString());
      assertEquals("complete", client.next(WAIT).event());
      assertTrue(client.awaitEnd(WAIT));
      List<Message> shouts = spy.messages();
      assertEquals(1, shouts.size());
      assertEquals(
          "{\"text\":\"hey\"}", new String(shouts.get(0).getData(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void getQueryAcceptingAnEventStream_isOneNextThenComplete() {
    TestBridge bridge = bridge("");
    Responders.answering(connection, "hello", prefix + ".hello", "{\"text\":\"hi Bo\"}");

    try (SseClient client =
        SseClient.get(
            bridge.port(), Map.of("query", "{ hello(name: \"Bo\") { text } }"), Map.of())) {
      assertEquals(200, client.status());
      assertTrue(client.header("Content-Type").startsWith("text/event-stream"));
      Event next = client.next(WAIT);
      assertEquals("next", next.event());
      assertEquals(
          "hi Bo", next.json().path("data").path("hello").path("text").asText(), next.toString());
      assertEquals("complete", client.next(WAIT).event());
    }
  }

  @Test
  void subscriptionOverPlainJsonPost_is400_pointingToWebSocketOrSse() {
    TestBridge bridge = bridge("");
    Response response =
        bridge
            .client()
            .post(GraphQLClient.body(TICKS, null, null), Map.of("Accept", "application/json"));

    assertEquals(400, response.status(), response.text());
    assertTrue(response.header("Content-Type").startsWith("application/json"));
    String message = response.errors().path(0).path("message").asText();
    assertTrue(message.contains("WebSocket") && message.contains("SSE"), message);
    assertEquals(0, activeSubscriptions(bridge));
  }

  @Test
  void idleStream_receivesKeepAliveComments() throws InterruptedException {
    TestBridge bridge =
        bridge(
            """
        subscriptions:
          keepAlive: 200ms
        """);
    try (SseClient client = sse(bridge, TICKS, Map.of())) {
      int atStart = client.comments();
      Thread.sleep(1100);

      assertTrue(
          client.comments() - atStart >= 3,
          "keep-alives in 1.1 s at 200 ms: " + (client.comments() - atStart));
      assertTrue(client.drained().isEmpty(), "keep-alives are comments, not events");
    }
  }

  @Test
  void closingTheClientConnection_releasesTheSubscription() throws InterruptedException {
    TestBridge bridge = bridge("");
    SseClient client = sse(bridge, TICKS, Map.of());
    awaitLive(client, prefix + ".ticks");
    assertEquals(1, activeSubscriptions(bridge));

    client.close();

    awaitActive(bridge, 0);
    assertEquals(0, natsInterest(prefix + ".ticks"), "the NATS interest is gone too");
    assertEquals(
        0,
        (int) Probes.metric(bridge, "switchboard_subscriptions_connections"),
        "the SSE connection is not counted");
  }

  @Test
  void bridgeShuttingDown_endsTheStreamWithServiceUnavailable_thenComplete() {
    TestBridge bridge = bridge("");
    try (SseClient client = sse(bridge, TICKS, Map.of())) {
      awaitLive(client, prefix + ".ticks");

      bridge.close();

      Event last = client.next(WAIT);
      assertEquals("SERVICE_UNAVAILABLE", last.firstCode(), last.toString());
      assertEquals("complete", client.next(WAIT).event());
      assertTrue(client.awaitEnd(WAIT));
    }
  }

  // ---- auth ----

  @Test
  void noToken_withAuthOn_is401Json_notAStream() {
    TestBridge bridge = guardedBridge();
    Response response =
        bridge
            .client()
            .post(GraphQLClient.body(TICKS, null, null), Map.of("Accept", "text/event-stream"));

    assertEquals(401, response.status(), response.text());
    assertNotNull(response.header("WWW-Authenticate"));
    assertEquals("UNAUTHENTICATED", response.firstCode(), response.text());
    assertEquals(0, activeSubscriptions(bridge));
  }

  @Test
  void invalidToken_withAuthOn_is401Json_notAStream() {
    TestBridge bridge = guardedBridge();
    Response response =
        bridge
            .client()
            .post(
                GraphQLClient.body(TICKS, null, null),
                Map.of("Accept", "text/event-stream", "Authorization", "Bearer not.a.token"));

    assertEquals(401, response.status(), response.text());
    assertEquals("UNAUTHENTICATED", response.firstCode(), response.text());
  }

  @Test
  void refusedToken_isAnsweredWithAJsonContentType_notAnEventStream() {
    TestBridge bridge = guardedBridge();
    Response response =
        bridge
            .client()
            .post(GraphQLClient.body(TICKS, null, null), Map.of("Accept", "text/event-stream"));

    assertEquals(401, response.status());
    assertTrue(
        response.header("Content-Type").startsWith("application/graphql-response+json"),
        "the refusal is JSON, so it must not be labelled text/event-stream: "
            + response.header("Content-Type"));
  }

  @Test
  void tokenExpiringDuringTheStream_endsItWithUnauthenticated_thenComplete() {
    TestBridge bridge = guardedBridge();
    Instant expiry = Instant.now().plusSeconds(2);
    try (SseClient client =
        sse(bridge, TICKS, Map.of("Authorization", "Bearer " + viewerToken(expiry)))) {
      awaitLive(client, prefix + ".ticks");
      publishTick(prefix + ".ticks", 1);
      assertEquals(
          1, nextAfterProbes(client, "ticks").json().path("data").path("ticks").path("n").asInt());

      Event last = client.next(Duration.ofSeconds(5));
      assertEquals("next", last.event(), last.toString());
      assertEquals("UNAUTHENTICATED", last.firstCode(), last.toString());
      assertFalse(
          Instant.now().isBefore(expiry.minusSeconds(1)), "not ended long before the token's exp");
      assertEquals("complete", client.next(WAIT).event());
      assertTrue(client.awaitEnd(WAIT));
      assertEquals(0, activeSubscriptions(bridge));
    }
  }

  @Test
  void forbiddenSubscription_isANextWithForbidden_thenComplete_andNothingIsSubscribed() {
    TestBridge bridge = guardedBridge();
    String token = viewerToken(Instant.now().plusSeconds(3600));
    try (SseClient client =
        sse(bridge, "subscription { secrets { n } }", Map.of("Authorization", "Bearer " + token))) {
      Event refused = client.next(WAIT);
      assertEquals("next", refused.event());
      assertEquals("FORBIDDEN", refused.firstCode(), refused.toString());
      assertEquals("complete", client.next(WAIT).event());
      assertTrue(client.awaitEnd(WAIT));
    }
    assertEquals(0, activeSubscriptions(bridge));
    assertEquals(0, natsInterest(prefix + ".secrets"), "no NATS interest was taken");
  }

  @Test
  void allowedSubscriptionWithAValidToken_streams() {
    TestBridge bridge = guardedBridge();
    String token = viewerToken(Instant.now().plusSeconds(3600));
    try (SseClient client = sse(bridge, TICKS, Map.of("Authorization", "Bearer " + token))) {
      awaitLive(client, prefix + ".ticks");
      publishTick(prefix + ".ticks", 42);

      assertEquals(
          42, nextAfterProbes(client, "ticks").json().path("data").path("ticks").path("n").asInt());
    }
  }
}
