package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.MultipartClient;
import dev.switchboard.bridge.testing.MultipartClient.Part;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import io.nats.client.Connection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apollo's multipart HTTP subscriptions from a raw HTTP client: each result a {@code {"payload":
 * ...}} part, heartbeats {@code {}}, errors that end the stream, the closing delimiter; refusals
 * are plain JSON answers with nothing sent to NATS; a client that goes away takes its NATS interest
 * with it.
 */
@Timeout(60)
class MultipartSubscriptionIT {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final String SDL =
      """
      type Query { hello(name: String!): Greeting @natsRequest(subject: "%1$s.hello") }
      type Mutation { shout(text: String!): PublishResult @natsPublish(subject: "%1$s.shouts") }
      type Subscription {
        ticks: Tick @natsSubscribe(subjects: ["%1$s.ticks"])
        secrets: Tick @natsSubscribe(subjects: ["%1$s.secrets"])
      }
      type Tick { n: Int!, text: String }
      type Greeting { text: String }
      """;
  static final String TICKS = "subscription { ticks { n } }";
  static final String PART_HEADERS = "Content-Type: application/json; charset=utf-8";
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

  private static MultipartClient subscribe(
      TestBridge bridge, String query, Map<String, String> headers) {
    MultipartClient client =
        MultipartClient.post(bridge.port(), GraphQLClient.body(query, null, null), headers);
    assertEquals(200, client.status(), client.raw());
    assertEquals(
        "multipart/mixed;boundary=\"graphql\";subscriptionSpec=1.0", client.header("Content-Type"));
    return client;
  }

  private void publishTick(String subject, int n) {
    connection.publish(subject, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** Publishes probe ticks (n = 0) until one arrives, so what follows is certain to be seen. */
  static void awaitLive(MultipartClient client, Runnable probe) {
    for (int attempt = 0; attempt < 100; attempt++) {
      probe.run();
      Part part = client.poll(Duration.ofMillis(100));
      while (part != null && part.isHeartbeat()) {
        part = client.poll(Duration.ofMillis(100));
      }
      if (part != null) {
        assertEquals(0, part.json().path("payload").path("data").path("ticks").path("n").asInt());
        return;
      }
    }
    throw new AssertionError("the subscription never went live");
  }

  private void awaitLive(MultipartClient client) {
    awaitLive(client, () -> publishTick(prefix + ".ticks", 0));
  }

  /** The next part that is neither a heartbeat nor a probe. */
  private static Part nextAfterProbes(MultipartClient client) {
    while (true) {
      Part part = client.nextPayload(WAIT);
      if (part.json().path("payload").path("data").path("ticks").path("n").asInt(-1) != 0) {
        return part;
      }
    }
  }

  private static int activeSubscriptions(TestBridge bridge) {
    return (int) Probes.metric(bridge, "switchboard_subscriptions_active");
  }

  /** Subscriptions nats-server holds on {@code subject}, once this test's messages have landed. */
  private int natsInterest(String subject) {
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (Exception failed) {
      throw new IllegalStateException("cannot flush", failed);
    }
    return Probes.subscriptionsMatching(nats.server(), subject);
  }

  // ---- results as parts ----

  @ParameterizedTest(name = "grouped: {0}")
  @ValueSource(booleans = {false, true})
  void hundredEvents_arriveInOrder_asPayloadParts(boolean grouped) {
    TestBridge bridge = bridge(grouped ? "subscriptions:\n  group: true\n" : "");
    try (MultipartClient client = subscribe(bridge, TICKS, Map.of())) {
      awaitLive(client);

      IntStream.rangeClosed(1, 100).forEach(n -> publishTick(prefix + ".ticks", n));

      List<Integer> received = new ArrayList<>();
      Part part = nextAfterProbes(client);
      for (int n = 1; n <= 100; n++) {
        assertEquals(PART_HEADERS, part.headers(), part.toString());
        assertEquals("{\"payload\":{\"data\":{\"ticks\":{\"n\":" + n + "}}}}", part.body());
        received.add(part.json().path("payload").path("data").path("ticks").path("n").asInt());
        if (n < 100) {
          part = client.nextPayload(WAIT);
        }
      }
      assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), received);
    }
  }

  @Test
  void streamOpensWithADelimiterAndAHeartbeat_eachPartEndingWithTheNextDelimiter() {
    TestBridge bridge = bridge("");
    try (MultipartClient client = subscribe(bridge, TICKS, Map.of())) {
      awaitLive(client);
      String raw = client.raw();
      assertTrue(
          raw.startsWith("\r\n--graphql\r\n" + PART_HEADERS + "\r\n\r\n{}\r\n--graphql\r\n"),
          "opening: " + raw);
      assertTrue(
          raw.endsWith("{\"payload\":{\"data\":{\"ticks\":{\"n\":0}}}}\r\n--graphql"),
          "a result is followed at once by the next delimiter, so clients read it now: " + raw);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "multipart/mixed;subscriptionSpec=1.0",
        "multipart/mixed;subscriptionSpec=\"1.0\"",
        "multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json",
        "multipart/mixed;subscriptionSpec=\"1.0\", application/graphql-response+json,"
            + " application/json;q=0.9",
        "text/event-stream;q=0.5, multipart/mixed;subscriptionSpec=1.0"
      })
  void everyAcceptSpellingOfTheSpec_streamsParts(String accept) {
    TestBridge bridge = bridge("");
    try (MultipartClient client = subscribe(bridge, TICKS, Map.of("Accept", accept))) {
      awaitLive(client);
    }
  }

  @Test
  void subscriptionOverGet_streamsParts() {
    TestBridge bridge = bridge("");
    try (MultipartClient client = MultipartClient.get(bridge.port(), Map.of("query", TICKS))) {
      assertEquals(200, client.status(), client.raw());
      assertTrue(client.header("Content-Type").startsWith("multipart/mixed"));
      awaitLive(client);
    }
  }

  @Test
  void idleStream_getsAHeartbeatWithinEachInterval() {
    TestBridge bridge = bridge("subscriptions:\n  multipartHeartbeat: 200ms\n");
    try (MultipartClient client = subscribe(bridge, TICKS, Map.of())) {
      assertTrue(client.next(WAIT).isHeartbeat(), "the opening heartbeat");
      long previous = System.nanoTime();
      for (int beat = 0; beat < 4; beat++) {
        Part part = client.next(Duration.ofSeconds(2));
        assertTrue(part.isHeartbeat(), part.toString());
        assertEquals(PART_HEADERS, part.headers());
        long gapMillis = (System.nanoTime() - previous) / 1_000_000;
        assertTrue(gapMillis < 1000, "heartbeat gap " + gapMillis + " ms at a 200 ms interval");
        previous = System.nanoTime();
      }
    }
  }

  @Test
  void closingTheClientConnection_releasesTheSubscriptionAndItsNatsInterest() {
    TestBridge bridge = bridge("");
    MultipartClient client = subscribe(bridge, TICKS, Map.of());
    awaitLive(client);
    assertEquals(1, activeSubscriptions(bridge));
    assertEquals(1, natsInterest(prefix + ".ticks"));

    client.close();

    Probes.awaitTrue(
        () -> activeSubscriptions(bridge) == 0, () -> "switchboard_subscriptions_active stays up");
    Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".ticks", 0);
    assertEquals(0, (int) Probes.metric(bridge, "switchboard_subscriptions_connections"));
  }

  @Test
  void clientThatStopsReading_isClosedAsSlowConsumer_andItsNatsInterestIsGone() throws Exception {
    TestBridge bridge = bridge("subscriptions:\n  bufferSize: 8\n  multipartHeartbeat: 60s\n");
    String body = GraphQLClient.body("subscription { ticks { n text } }", null, null);
    String pad = "x".repeat(16 * 1024);
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096); // before connect, so the TCP window stays small
      stalled.connect(new InetSocketAddress("127.0.0.1", bridge.port()), 5_000);
      stalled
          .getOutputStream()
          .write(
              ("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + "Accept: multipart/mixed;subscriptionSpec=1.0\r\nContent-Length: "
                      + body.getBytes(StandardCharsets.UTF_8).length
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.UTF_8));
      Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".ticks", 1);
      double slowBefore = Probes.metric(bridge, "switchboard_subscriptions_slow_consumers_total");

      // reads nothing from here on: the socket buffers fill, then the bridge's buffer of 8
      for (int n = 1; n <= 2_000 && (n % 50 != 0 || activeSubscriptions(bridge) > 0); n++) {
        connection.publish(
            prefix + ".ticks",
            ("{\"n\":" + n + ",\"text\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8));
      }

      Probes.awaitTrue(
          () ->
              Probes.metric(bridge, "switchboard_subscriptions_slow_consumers_total") > slowBefore,
          () -> "no slow consumer counted");
      Probes.awaitTrue(
          () -> activeSubscriptions(bridge) == 0, () -> "the stalled subscription stays");
      Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".ticks", 0);
    }
  }

  // ---- errors that end the stream ----

  @Test
  void
      forbiddenSubscription_isAPayloadWithForbidden_thenTheClosingDelimiter_andNothingSubscribed() {
    TestBridge bridge = guardedBridge();
    String token = viewerToken(Instant.now().plusSeconds(3600));
    try (MultipartClient client =
        subscribe(
            bridge, "subscription { secrets { n } }", Map.of("Authorization", "Bearer " + token))) {
      Part refused = client.nextPayload(WAIT);
      assertTrue(refused.json().path("payload").has("errors"), refused.toString());
      assertEquals("FORBIDDEN", refused.firstCode(), refused.toString());
      assertTrue(MultipartClient.isClosing(client.next(WAIT)), client.raw());
      assertTrue(client.awaitEnd(WAIT), "the response ends after the closing delimiter");
      assertTrue(client.raw().endsWith("\r\n--graphql--\r\n"), client.raw());
    }
    assertEquals(0, activeSubscriptions(bridge));
    assertEquals(0, natsInterest(prefix + ".secrets"), "no NATS interest was taken");
  }

  @Test
  void tokenExpiringDuringTheStream_isATransportErrorWithUnauthenticated_thenTheEnd() {
    TestBridge bridge = guardedBridge();
    Instant expiry = Instant.now().plusSeconds(2);
    try (MultipartClient client =
        subscribe(bridge, TICKS, Map.of("Authorization", "Bearer " + viewerToken(expiry)))) {
      awaitLive(client);

      Part last = client.nextPayload(Duration.ofSeconds(5));
      JsonNode json = last.json();
      assertTrue(json.has("payload") && json.path("payload").isNull(), last.toString());
      assertEquals("UNAUTHENTICATED", last.firstCode(), last.toString());
      assertNotNull(
          json.path("errors").path(0).path("extensions").path("correlationId").asText(null));
      assertFalse(Instant.now().isBefore(expiry.minusSeconds(1)), "not ended long before exp");
      assertTrue(MultipartClient.isClosing(client.next(WAIT)), client.raw());
      assertTrue(client.awaitEnd(WAIT));
    }
    Probes.awaitTrue(() -> activeSubscriptions(bridge) == 0, () -> "the subscription stays");
    Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".ticks", 0);
  }

  @Test
  void bridgeShuttingDown_endsTheStreamWithServiceUnavailable_thenTheClosingDelimiter() {
    TestBridge bridge = bridge("");
    try (MultipartClient client = subscribe(bridge, TICKS, Map.of())) {
      awaitLive(client);

      bridge.close();

      Part last = client.nextPayload(WAIT);
      assertTrue(last.json().path("payload").isNull(), last.toString());
      assertEquals("SERVICE_UNAVAILABLE", last.firstCode(), last.toString());
      assertTrue(MultipartClient.isClosing(client.next(WAIT)), client.raw());
      assertTrue(client.awaitEnd(WAIT));
    }
  }

  // ---- refusals: plain JSON, nothing sent to NATS ----

  @Test
  void noToken_withAuthOn_is401Json_andNothingIsSubscribed() {
    TestBridge bridge = guardedBridge();
    Response response =
        bridge
            .client()
            .post(GraphQLClient.body(TICKS, null, null), Map.of("Accept", MultipartClient.ACCEPT));

    assertEquals(401, response.status(), response.text());
    assertEquals("UNAUTHENTICATED", response.firstCode(), response.text());
    assertTrue(response.header("Content-Type").startsWith("application/json"));
    assertEquals(0, activeSubscriptions(bridge));
    assertEquals(0, natsInterest(prefix + ".ticks"));
  }

  @Test
  void queryAcceptingOnlyMultipart_is406BadRequest_andNothingReachesNats() {
    TestBridge bridge = bridge("");
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response response =
          bridge
              .client()
              .post(
                  GraphQLClient.body("{ hello(name: \"Ada\") { text } }", null, null),
                  Map.of("Accept", "multipart/mixed;subscriptionSpec=1.0"));

      assertEquals(406, response.status(), response.text());
      assertEquals("BAD_REQUEST", response.firstCode(), response.text());
      assertTrue(
          response.errors().path(0).path("message").asText().contains("subscriptions only"),
          response.text());
      assertTrue(spy.messages().isEmpty(), "nothing was sent to NATS: " + spy.messages());
    }
  }

  @Test
  void mutationAcceptingOnlyMultipart_is406BadRequest_andNothingIsPublished() {
    TestBridge bridge = bridge("");
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response response =
          bridge
              .client()
              .post(
                  GraphQLClient.body("mutation { shout(text: \"hey\") { ok } }", null, null),
                  Map.of("Accept", "multipart/mixed;subscriptionSpec=\"1.0\""));

      assertEquals(406, response.status(), response.text());
      assertEquals("BAD_REQUEST", response.firstCode(), response.text());
      assertTrue(spy.messages().isEmpty(), "nothing was published: " + spy.messages());
    }
  }

  @Test
  void queryAcceptingMultipartOrJson_isAnsweredAsJson() {
    TestBridge bridge = bridge("");
    Responders.answering(connection, "hello", prefix + ".hello", "{\"text\":\"hi Ada\"}");
    Response response =
        bridge
            .client()
            .post(
                GraphQLClient.body("{ hello(name: \"Ada\") { text } }", null, null),
                Map.of("Accept", MultipartClient.ACCEPT));

    assertEquals(200, response.status(), response.text());
    assertTrue(response.header("Content-Type").startsWith("application/json"));
    assertEquals("hi Ada", response.json().path("data").path("hello").path("text").asText());
  }

  @Test
  void crossOriginBrowser_is403_andNothingIsSubscribed() {
    TestBridge bridge = bridge("");
    Response response =
        bridge
            .client()
            .post(
                GraphQLClient.body(TICKS, null, null),
                Map.of("Accept", MultipartClient.ACCEPT, "Origin", "https://evil.example"));

    assertEquals(403, response.status(), response.text());
    assertEquals("FORBIDDEN", response.firstCode(), response.text());
    assertEquals(0, natsInterest(prefix + ".ticks"));
  }

  /** Media types are case-insensitive: a capitalised Accept must not slip past the Origin rule. */
  @Test
  void crossOriginBrowser_withACapitalisedAccept_isStill403_andNothingIsSubscribed() {
    TestBridge bridge = bridge("");
    Response response =
        bridge
            .client()
            .post(
                GraphQLClient.body(TICKS, null, null),
                Map.of(
                    "Accept",
                    "Multipart/Mixed;subscriptionSpec=1.0, application/json",
                    "Origin",
                    "https://evil.example"));

    assertEquals(403, response.status(), response.text());
    assertEquals("FORBIDDEN", response.firstCode(), response.text());
    assertEquals(0, natsInterest(prefix + ".ticks"));
  }
}
