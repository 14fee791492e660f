package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * graphql-transport-ws spoken by hand, message by message, to see the bridge enforce the protocol
 * and its limits: each broken rule ends the socket with the close code the protocol names, and a
 * limit refuses only what is over it. The client ({@link GraphQLWsClient}) is the JDK's WebSocket,
 * so every frame is exactly what the test wrote.
 */
@Timeout(60)
class WebSocketProtocolIT {
  static final String SDL =
      """
      type Query { ping: String @natsRequest(subject: "%1$s.ping") }
      type Subscription {
        orderEvents(orderId: ID!): OrderEvent @natsSubscribe(subjects: ["%1$s.orders.{{ args.orderId }}"])
      }
      type OrderEvent { seq: Int!, status: String }
      """;
  static final String LIMITS =
      """
      subscriptions:
        initTimeout: 500ms
        maxPerConnection: 2
        maxMessageBytes: 1024
      """;
  static final String ORDER_EVENTS =
      "subscription ($id: ID!) { orderEvents(orderId: $id) { seq status } }";

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();

  String prefix;
  TestBridge bridge;
  Connection publisher;

  @BeforeEach
  void start() {
    prefix = Subjects.uniquePrefix();
    publisher = nats.connect();
    bridge = nats.startBridge(SDL.formatted(prefix), LIMITS);
  }

  @Test
  void clientThatSendsNoConnectionInit_isClosedWith4408AfterTheInitTimeout() {
    long start = System.nanoTime();
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      GraphQLWsClient.Closed closed = client.awaitClose();

      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(4408, closed.code(), closed::toString);
      assertTrue(millis >= 400, "closed after " + millis + " ms, before the 500 ms init timeout");
    }
  }

  @Test
  void clientThatSendsConnectionInitInTime_isNotClosedByTheInitTimeout() throws Exception {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());

      Thread.sleep(900);
      assertFalse(client.isClosed(), "an initialised connection outlived the init timeout");
      client.send(Map.of("type", "ping"));
      assertEquals("pong", client.next().path("type").asText());
    }
  }

  @Test
  void secondConnectionInitAfterTheAck_isClosedWith4429() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());

      client.send(Map.of("type", "connection_init", "payload", Map.of()));

      assertEquals(4429, client.awaitClose().code());
    }
  }

  @Test
  void twoConnectionInitsBackToBack_areClosedWith4429() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.send(Map.of("type", "connection_init", "payload", Map.of()));
      client.send(Map.of("type", "connection_init", "payload", Map.of()));

      assertEquals(4429, client.awaitClose().code());
    }
  }

  @Test
  void subscribeBeforeConnectionInit_isClosedWith4401() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.subscribe("1", ORDER_EVENTS, Map.of("id", "o1"));

      assertEquals(4401, client.awaitClose().code());
      assertEquals(0, interest(prefix + ".orders.o1"), "nothing subscribed in NATS");
    }
  }

  @Test
  void unknownMessageType_isClosedWith4400() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());

      client.send(Map.of("type", "gimme_everything", "id", "1"));

      GraphQLWsClient.Closed closed = client.awaitClose();
      assertEquals(4400, closed.code(), closed::toString);
    }
  }

  @Test
  void duplicateSubscriptionId_isClosedWith4409() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());
      client.subscribe("same", ORDER_EVENTS, Map.of("id", "o1"));
      awaitInterest(prefix + ".orders.o1", 1);

      client.subscribe("same", ORDER_EVENTS, Map.of("id", "o2"));

      assertEquals(4409, client.awaitClose().code());
    }
  }

  @Test
  void subscriptionOverMaxPerConnection_getsBadRequest_andTheOthersKeepReceiving()
      throws Exception {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());
      client.subscribe("1", ORDER_EVENTS, Map.of("id", "o1"));
      client.subscribe("2", ORDER_EVENTS, Map.of("id", "o2"));
      awaitInterest(prefix + ".orders.o2", 1);

      client.subscribe("3", ORDER_EVENTS, Map.of("id", "o3"));

      JsonNode refused = client.next();
      assertEquals("next", refused.path("type").asText(), refused::toString);
      assertEquals("3", refused.path("id").asText());
      assertEquals(
          "BAD_REQUEST",
          refused.path("payload").path("errors").path(0).path("extensions").path("code").asText(),
          refused::toString);
      JsonNode completed = client.next();
      assertEquals("complete", completed.path("type").asText(), completed::toString);
      assertEquals("3", completed.path("id").asText());
      assertEquals(0, interest(prefix + ".orders.o3"), "the refused one subscribed nothing");

      publish(prefix + ".orders.o1", "{\"seq\":1,\"status\":\"PENDING\"}");
      publish(prefix + ".orders.o2", "{\"seq\":2,\"status\":\"SHIPPED\"}");
      JsonNode first = client.next();
      JsonNode second = client.next();
      assertEquals(
          Map.of("1", 1, "2", 2),
          Map.of(
              first.path("id").asText(), seqOf(first), second.path("id").asText(), seqOf(second)));

      // a completed subscription gives its slot back
      client.send(Map.of("type", "complete", "id", "1"));
      awaitInterest(prefix + ".orders.o1", 0);
      client.subscribe("4", ORDER_EVENTS, Map.of("id", "o4"));
      awaitInterest(prefix + ".orders.o4", 1);
      publish(prefix + ".orders.o4", "{\"seq\":4,\"status\":\"DELIVERED\"}");
      JsonNode fourth = client.next();
      assertEquals("4", fourth.path("id").asText(), fourth::toString);
      assertEquals(4, seqOf(fourth));
    }
  }

  @Test
  void messageLargerThanMaxMessageBytes_isClosedWith1009() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());

      client.sendText("{\"type\":\"ping\",\"payload\":{\"pad\":\"" + "x".repeat(4096) + "\"}}");

      assertEquals(1009, client.awaitClose().code());
      assertTrue(
          client.messages().isEmpty(),
          () -> "the oversized ping was answered: " + client.messages());
    }
  }

  @Test
  void fragmentedMessageLargerThanMaxMessageBytes_isClosedWith1009() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());
      String message = "{\"type\":\"ping\",\"payload\":{\"pad\":\"" + "x".repeat(2000) + "\"}}";

      for (int from = 0; from < message.length() && !client.isClosed(); from += 500) {
        try {
          client.sendFragment(
              message.substring(from, Math.min(message.length(), from + 500)),
              from + 500 >= message.length());
        } catch (CompletionException closedWhileSending) {
          // the server may close as soon as the fragments so far exceed the limit
          break;
        }
      }

      assertEquals(1009, client.awaitClose().code());
    }
  }

  @Test
  void messageJustUnderMaxMessageBytes_isServed() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());
      String prefixPart = "{\"type\":\"ping\",\"payload\":{\"pad\":\"";
      String message = prefixPart + "x".repeat(1000 - prefixPart.length() - 3) + "\"}}";

      client.sendText(message);

      assertEquals("pong", client.next().path("type").asText());
    }
  }

  @Test
  void upgradeFromAnOriginNotAllowed_is403_andAllowedOrNoOriginUpgrades() {
    TestBridge guarded =
        nats.startBridge(
            SDL.formatted(prefix),
            LIMITS,
            Map.of("SWITCHBOARD_HTTP_ALLOWED_ORIGINS", "https://app.example"));

    CompletionException refused =
        assertThrows(
            CompletionException.class,
            () -> GraphQLWsClient.connect(guarded, Map.of("Origin", "https://evil.example")));
    WebSocketHandshakeException handshake =
        assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
    assertEquals(403, handshake.getResponse().statusCode());

    try (GraphQLWsClient allowed =
        GraphQLWsClient.connect(guarded, Map.of("Origin", "https://app.example"))) {
      allowed.init(Map.of());
    }
    try (GraphQLWsClient noOrigin = GraphQLWsClient.connect(guarded, Map.of())) {
      noOrigin.init(Map.of());
    }
  }

  void publish(String subject, String json) throws Exception {
    publisher.publish(subject, json.getBytes(StandardCharsets.UTF_8));
    publisher.flush(Duration.ofSeconds(5));
  }

  int interest(String subject) {
    return Probes.subscriptionsMatching(nats.server(), subject);
  }

  void awaitInterest(String subject, int count) {
    Probes.awaitSubscriptionsMatching(nats.server(), subject, count);
  }

  static int seqOf(JsonNode next) {
    return next.path("payload").path("data").path("orderEvents").path("seq").asInt();
  }
}
