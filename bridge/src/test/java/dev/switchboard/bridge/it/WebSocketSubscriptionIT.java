package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.NodeSubscriber;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Subscriptions as a real JavaScript client sees them: the npm {@code graphql-ws} client (run by
 * {@link NodeSubscriber}) against a bridge, events published with jnats. Whether something reached
 * NATS, or did not, is read from nats-server's own {@code /subsz}.
 */
@Timeout(120)
class WebSocketSubscriptionIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SDL =
      """
      type Query { ping: String @natsRequest(subject: "%1$s.ping") }
      type Subscription {
        orderEvents(orderId: ID!, status: OrderStatus): OrderEvent
          @natsSubscribe(subjects: ["%1$s.orders.{{ args.orderId }}"], filter: ["status == args.status"])
        auditEvents(tenant: ID!): OrderEvent @natsSubscribe(subjects: ["%1$s.audit.{{ args.tenant }}"])
      }
      type OrderEvent { seq: Int!, orderId: ID!, status: OrderStatus!, note: String, total: Float, internal: Internal }
      type Internal { secret: String }
      enum OrderStatus { PENDING SHIPPED DELIVERED }
      """;
  static final String ORDER_EVENTS =
      """
      subscription ($id: ID!, $status: OrderStatus) { orderEvents(orderId: $id, status: $status) { seq status } }""";
  static final List<String> STATUSES = List.of("PENDING", "SHIPPED", "DELIVERED");

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();
  static final TestIssuer issuer = TestIssuer.create();
  @TempDir static Path dir;
  static Path signingKeyFile;

  String prefix;
  Connection publisher;

  @BeforeAll
  static void createSigningKey() throws Exception {
    signingKeyFile = dir.resolve("identity-key.json");
    Files.writeString(
        signingKeyFile, new ECKeyGenerator(Curve.P_256).keyID("ws-it").generate().toJSONString());
  }

  @BeforeEach
  void start() {
    prefix = Subjects.uniquePrefix();
    publisher = nats.connect();
  }

  @Test
  void hundredEventsPublishedWithJnats_arriveInOrder_withExactlyTheSelectedFields()
      throws Exception {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix));
    try (NodeSubscriber client =
        NodeSubscriber.start(bridge, ORDER_EVENTS, Map.of("id", "o1"), Map.of(), 100)) {
      client.waitForSubscribed();
      awaitInterest(prefix + ".orders.o1", 1);

      for (int seq = 1; seq <= 100; seq++) {
        publish(prefix + ".orders.o1", event(seq, "o1", STATUSES.get(seq % 3)));
      }
      publisher.flush(Duration.ofSeconds(5));

      List<JsonNode> payloads = client.await(100);
      for (int i = 0; i < 100; i++) {
        JsonNode payload = payloads.get(i);
        assertEquals(List.of("data"), names(payload), payload::toString);
        JsonNode event = payload.path("data").path("orderEvents");
        assertEquals(List.of("seq", "status"), names(event), "only the selected fields: " + event);
        assertEquals(i + 1, event.path("seq").asInt(), "in publish order");
        assertEquals(STATUSES.get((i + 1) % 3), event.path("status").asText());
      }
      List<JsonNode> events = client.awaitExit();
      assertEquals(
          100,
          events.stream().filter(e -> "next".equals(e.path("event").asText())).count(),
          events::toString);
    }
    awaitInterest(prefix + ".orders.o1", 0);
  }

  /**
   * Regression: with a backlog in the buffer, each event used to be delivered from inside the
   * previous one's delivery (the subscriber asks for more synchronously); graphql-java's
   * subscription mapping stalled for good after a few hundred events.
   */
  @Test
  void burstOfEventsFasterThanTheyAreWritten_arrivesInFullAndInOrder() throws Exception {
    int burst = 2_000;
    TestBridge bridge =
        nats.startBridge(
            SDL.formatted(prefix),
            """
        subscriptions:
          bufferSize: %d
        """
                .formatted(burst));
    String pad = "x".repeat(16 * 1024);
    try (NodeSubscriber client =
        NodeSubscriber.start(bridge, ORDER_EVENTS, Map.of("id", "burst"), Map.of(), burst)) {
      client.waitForSubscribed();
      awaitInterest(prefix + ".orders.burst", 1);

      for (int seq = 1; seq <= burst; seq++) {
        publish(
            prefix + ".orders.burst",
            "{\"seq\":" + seq + ",\"status\":\"PENDING\",\"pad\":\"" + pad + "\"}");
      }
      publisher.flush(Duration.ofSeconds(5));

      List<Integer> seqs =
          client.await(burst).stream()
              .map(payload -> payload.path("data").path("orderEvents").path("seq").asInt())
              .toList();
      assertEquals(IntStream.rangeClosed(1, burst).boxed().toList(), seqs);
    }
  }

  @Test
  void statusArgument_passesOnlyMatchingEvents_andWithoutItEveryEventPasses() throws Exception {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix));
    try (NodeSubscriber shipped =
            NodeSubscriber.start(
                bridge, ORDER_EVENTS, Map.of("id", "o2", "status", "SHIPPED"), Map.of(), 10);
        NodeSubscriber all =
            NodeSubscriber.start(bridge, ORDER_EVENTS, Map.of("id", "o2"), Map.of(), 30)) {
      shipped.waitForSubscribed();
      all.waitForSubscribed();
      awaitBridgeSubscriptions(bridge, 2);
      awaitInterest(prefix + ".orders.o2", 1); // one NATS subscription, shared by both clients

      for (int seq = 1; seq <= 30; seq++) {
        publish(prefix + ".orders.o2", event(seq, "o2", STATUSES.get(seq % 3)));
      }
      publisher.flush(Duration.ofSeconds(5));

      List<Integer> shippedSeqs =
          shipped.await(10).stream()
              .map(payload -> payload.path("data").path("orderEvents"))
              .peek(
                  event -> assertEquals("SHIPPED", event.path("status").asText(), event::toString))
              .map(event -> event.path("seq").asInt())
              .toList();
      assertEquals(
          IntStream.rangeClosed(1, 30).filter(seq -> seq % 3 == 1).boxed().toList(), shippedSeqs);
      List<Integer> allSeqs =
          all.await(30).stream()
              .map(payload -> payload.path("data").path("orderEvents").path("seq").asInt())
              .toList();
      assertEquals(IntStream.rangeClosed(1, 30).boxed().toList(), allSeqs);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"authorization", "token"})
  void tokenInConnectionInit_authenticatesTheSubscription(String key) throws Exception {
    TestBridge bridge = authBridge();
    String token = issuer.tokenFor("alice", claims -> claims.claim("roles", List.of("customer")));
    Map<String, Object> params =
        Map.of(key, key.equals("authorization") ? "Bearer " + token : token);

    try (NodeSubscriber client =
        NodeSubscriber.start(bridge, ORDER_EVENTS, Map.of("id", "o3"), params, 1)) {
      client.waitForSubscribed();
      awaitInterest(prefix + ".orders.o3", 1);
      publish(prefix + ".orders.o3", event(1, "o3", "PENDING"));

      JsonNode event = client.await(1).get(0).path("data").path("orderEvents");
      assertEquals(1, event.path("seq").asInt(), event::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "wrongSignature", "expired", "missing"})
  void badTokenInConnectionInit_closesTheSocketWith4403_beforeAnyAck(String kind) {
    TestBridge bridge = authBridge();
    String good = issuer.tokenFor("alice", claims -> claims.claim("roles", List.of("customer")));
    Map<String, Object> params =
        switch (kind) {
          case "garbage" -> Map.of("token", "not-a-jwt");
          case "wrongSignature" ->
              Map.of(
                  "token",
                  good.substring(0, good.lastIndexOf('.') + 1)
                      + "AAAA"
                      + good.substring(good.lastIndexOf('.') + 5));
          case "expired" ->
              Map.of(
                  "token",
                  issuer.tokenFor(
                      "alice",
                      claims ->
                          claims
                              .claim("roles", List.of("customer"))
                              .expirationTime(
                                  Date.from(Instant.now().minus(Duration.ofHours(1))))));
          default -> Map.of();
        };

    try (NodeSubscriber client =
        NodeSubscriber.start(bridge, ORDER_EVENTS, Map.of("id", "o4"), params, 1)) {
      List<JsonNode> events = client.awaitExit();

      JsonNode closed = client.awaitEvent("closed");
      assertEquals(4403, closed.path("code").asInt(), events::toString);
      assertTrue(closed.path("reason").asText().startsWith("Forbidden"), closed::toString);
      assertTrue(
          events.stream().noneMatch(e -> "subscribed".equals(e.path("event").asText())),
          "no ack: " + events);
      assertEquals(0, interest(prefix + ".orders.o4"));
    }
  }

  @Test
  void tokenExpiringWhileSubscribed_closesTheStreamWith4403_andReleasesTheNatsSubscription()
      throws Exception {
    TestBridge bridge = authBridge();
    Date expiry = Date.from(Instant.now().plusSeconds(3));
    String token =
        issuer.tokenFor(
            "alice", claims -> claims.claim("roles", List.of("customer")).expirationTime(expiry));
    long expiresAtMillis = expiry.getTime() / 1000 * 1000; // a JWT's exp has whole seconds

    try (NodeSubscriber client =
        NodeSubscriber.start(bridge, ORDER_EVENTS, Map.of("id", "o5"), Map.of("token", token), 0)) {
      client.waitForSubscribed();
      awaitInterest(prefix + ".orders.o5", 1);
      publish(prefix + ".orders.o5", event(1, "o5", "PENDING"));
      assertEquals(1, client.await(1).get(0).path("data").path("orderEvents").path("seq").asInt());

      JsonNode closed =
          client.awaitEvent(
              event -> "closed".equals(event.path("event").asText()), Duration.ofSeconds(10));

      assertEquals(4403, closed.path("code").asInt(), closed::toString);
      assertTrue(closed.path("reason").asText().contains("expired"), closed::toString);
      long closedAt = closed.path("at").asLong();
      assertTrue(
          closedAt >= expiresAtMillis - 100,
          "closed " + (expiresAtMillis - closedAt) + " ms before expiry");
      assertTrue(
          closedAt <= expiresAtMillis + 2_000,
          "closed " + (closedAt - expiresAtMillis) + " ms after expiry");
    }
    awaitInterest(prefix + ".orders.o5", 0);
  }

  @Test
  void subjectTheRoleMayNotSubscribeTo_isForbidden_endsTheSubscription_andSubscribesNothingInNats()
      throws Exception {
    TestBridge bridge = authBridge();
    String token = issuer.tokenFor("alice", claims -> claims.claim("roles", List.of("customer")));
    int before = Probes.natsSubscriptions(nats.server());

    try (NodeSubscriber client =
        NodeSubscriber.start(
            bridge,
            "subscription { auditEvents(tenant: \"acme\") { seq } }",
            Map.of(),
            Map.of("token", token),
            0)) {
      List<JsonNode> events = client.awaitExit();

      List<String> kinds = events.stream().map(e -> e.path("event").asText()).toList();
      assertEquals(List.of("subscribed", "next", "complete", "closed"), kinds, events::toString);
      JsonNode error = events.get(1).path("payload").path("errors").path(0);
      assertEquals("FORBIDDEN", error.path("extensions").path("code").asText(), error::toString);
      assertFalse(
          error.toString().contains(prefix + ".audit"), "the subject is not told: " + error);
      assertTrue(events.get(1).path("payload").path("data").isNull(), events.get(1)::toString);
    }
    assertEquals(
        0, interest(prefix + ".audit.acme"), "nothing subscribed on the forbidden subject");
    assertEquals(
        before, Probes.natsSubscriptions(nats.server()), "no NATS subscription was added anywhere");
    assertEquals(0.0, Probes.metric(bridge, "switchboard_subscriptions_active"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "a.b", ">", "o1.>", ""})
  void hostileArgument_isBadUserInput_andSubscribesNothing(String orderId) throws Exception {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix));
    int before = Probes.natsSubscriptions(nats.server());

    try (NodeSubscriber client =
        NodeSubscriber.start(bridge, ORDER_EVENTS, Map.of("id", orderId), Map.of(), 0)) {
      List<JsonNode> events = client.awaitExit();

      List<String> kinds = events.stream().map(e -> e.path("event").asText()).toList();
      assertEquals(List.of("subscribed", "next", "complete", "closed"), kinds, events::toString);
      JsonNode error = events.get(1).path("payload").path("errors").path(0);
      assertEquals(
          "BAD_USER_INPUT", error.path("extensions").path("code").asText(), error::toString);
    }
    assertEquals(
        0, interest(prefix + ".orders.anything"), "no wildcard subscription on the orders");
    assertEquals(before, Probes.natsSubscriptions(nats.server()), "no NATS subscription was added");
  }

  /**
   * A bridge that needs a token (RS256 from {@link #issuer}); role customer may subscribe to the
   * orders only.
   */
  TestBridge authBridge() {
    return nats.startBridge(
        SDL.formatted(prefix),
        issuer.authYaml()
            + """
        identity:
          signingKeyFile: %2$s
        authorization:
          roles:
            customer:
              subscribe: ["%1$s.orders.>"]
        """
                .formatted(prefix, signingKeyFile));
  }

  static String event(int seq, String orderId, String status) throws Exception {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("seq", seq);
    event.put("orderId", orderId);
    event.put("status", status);
    event.put("note", "note " + seq);
    event.put("total", seq * 1.5);
    event.put("internal", Map.of("secret", "s" + seq));
    return JSON.writeValueAsString(event);
  }

  void publish(String subject, String json) throws Exception {
    publisher.publish(subject, json.getBytes(StandardCharsets.UTF_8));
  }

  int interest(String subject) {
    return Probes.subscriptionsMatching(nats.server(), subject);
  }

  void awaitInterest(String subject, int count) throws Exception {
    Probes.awaitSubscriptionsMatching(nats.server(), subject, count);
  }

  static void awaitBridgeSubscriptions(TestBridge bridge, int count) {
    Probes.awaitTrue(
        () -> Probes.metric(bridge, "switchboard_subscriptions_active") == count,
        () -> "active subscriptions: " + Probes.metric(bridge, "switchboard_subscriptions_active"));
  }

  static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
