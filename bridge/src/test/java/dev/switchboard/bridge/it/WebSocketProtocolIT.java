package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * graphql-transport-ws spoken by hand, message by message, to see the bridge enforce the protocol
 * and its limits: each broken rule ends the socket with the close code the protocol names, and a
 * limit refuses only what is over it. The client ({@link WsClient}) is the JDK's WebSocket, so
 * every frame is exactly what the test wrote.
 */
@Timeout(60)
class WebSocketProtocolIT {
  static final ObjectMapper JSON = new ObjectMapper();
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
    try (WsClient client = WsClient.connect(bridge)) {
      WsClient.Closed closed = client.awaitClose();

      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(4408, closed.code(), closed::toString);
      assertTrue(millis >= 400, "closed after " + millis + " ms, before the 500 ms init timeout");
    }
  }

  @Test
  void clientThatSendsConnectionInitInTime_isNotClosedByTheInitTimeout() throws Exception {
    try (WsClient client = WsClient.connect(bridge)) {
      client.init(Map.of());

      Thread.sleep(900);
      assertFalse(client.isClosed(), "an initialised connection outlived the init timeout");
      client.send(Map.of("type", "ping"));
      assertEquals("pong", client.next().path("type").asText());
    }
  }

  @Test
  void secondConnectionInitAfterTheAck_isClosedWith4429() {
    try (WsClient client = WsClient.connect(bridge)) {
      client.init(Map.of());

      client.send(Map.of("type", "connection_init", "payload", Map.of()));

      assertEquals(4429, client.awaitClose().code());
    }
  }

  @Test
  void twoConnectionInitsBackToBack_areClosedWith4429() {
    try (WsClient client = WsClient.connect(bridge)) {
      client.send(Map.of("type", "connection_init", "payload", Map.of()));
      client.send(Map.of("type", "connection_init", "payload", Map.of()));

      assertEquals(4429, client.awaitClose().code());
    }
  }

  @Test
  void subscribeBeforeConnectionInit_isClosedWith4401() {
    try (WsClient client = WsClient.connect(bridge)) {
      client.subscribe("1", ORDER_EVENTS, Map.of("id", "o1"));

      assertEquals(4401, client.awaitClose().code());
      assertEquals(0, interest(prefix + ".orders.o1"), "nothing subscribed in NATS");
    }
  }

  @Test
  void unknownMessageType_isClosedWith4400() {
    try (WsClient client = WsClient.connect(bridge)) {
      client.init(Map.of());

      client.send(Map.of("type", "gimme_everything", "id", "1"));

      WsClient.Closed closed = client.awaitClose();
      assertEquals(4400, closed.code(), closed::toString);
    }
  }

  @Test
  void duplicateSubscriptionId_isClosedWith4409() {
    try (WsClient client = WsClient.connect(bridge)) {
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
    try (WsClient client = WsClient.connect(bridge)) {
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
    try (WsClient client = WsClient.connect(bridge)) {
      client.init(Map.of());

      client.sendText("{\"type\":\"ping\",\"payload\":{\"pad\":\"" + "x".repeat(4096) + "\"}}");

      assertEquals(1009, client.awaitClose().code());
      assertTrue(
          client.messages.isEmpty(), () -> "the oversized ping was answered: " + client.messages);
    }
  }

  @Test
  void fragmentedMessageLargerThanMaxMessageBytes_isClosedWith1009() {
    try (WsClient client = WsClient.connect(bridge)) {
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
    try (WsClient client = WsClient.connect(bridge)) {
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
        org.junit.jupiter.api.Assertions.assertThrows(
            CompletionException.class,
            () -> WsClient.connect(guarded, Map.of("Origin", "https://evil.example")));
    WebSocketHandshakeException handshake =
        assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
    assertEquals(403, handshake.getResponse().statusCode());

    try (WsClient allowed = WsClient.connect(guarded, Map.of("Origin", "https://app.example"))) {
      allowed.init(Map.of());
    }
    try (WsClient noOrigin = WsClient.connect(guarded, Map.of())) {
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

  /**
   * A graphql-transport-ws client on the JDK's WebSocket, one JSON message at a time: what it sends
   * is exactly what the test wrote, what it receives is queued for the test to take in order.
   * Shared by the subscription ITs of this package.
   */
  static final class WsClient implements WebSocket.Listener, AutoCloseable {
    static final HttpClient HTTP =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration WAIT = Duration.ofSeconds(15);

    /** Added to each received message: {@link System#nanoTime()} when it arrived. */
    static final String RECEIVED_NANOS = "receivedNanos";

    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /**
     * How the socket ended: the close frame's code and reason, or -1 when the connection dropped.
     */
    record Closed(int code, String reason) {}

    static WsClient connect(TestBridge bridge) {
      return connect(bridge, Map.of());
    }

    /**
     * Opens {@code ws://.../graphql} with subprotocol graphql-transport-ws and these extra headers.
     */
    static WsClient connect(TestBridge bridge, Map<String, String> headers) {
      return connect(bridge, headers, "graphql-transport-ws");
    }

    /**
     * Opens {@code ws://.../graphql} offering these sub-protocols (none: the header is left out).
     */
    static WsClient connect(TestBridge bridge, Map<String, String> headers, String... protocols) {
      WsClient client = new WsClient();
      WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
      if (protocols.length > 0) {
        builder.subprotocols(
            protocols[0], java.util.Arrays.copyOfRange(protocols, 1, protocols.length));
      }
      headers.forEach(builder::header);
      client.socket =
          builder
              .buildAsync(URI.create("ws://127.0.0.1:" + bridge.port() + "/graphql"), client)
              .join();
      return client;
    }

    /** connection_init with this payload, then waits for connection_ack. */
    WsClient init(Map<String, ?> payload) {
      send(Map.of("type", "connection_init", "payload", payload));
      JsonNode ack = next();
      if (!"connection_ack".equals(ack.path("type").asText())) {
        throw new AssertionError("expected connection_ack, got " + ack);
      }
      return this;
    }

    void subscribe(String id, String query, Map<String, ?> variables) {
      send(
          Map.of(
              "id",
              id,
              "type",
              "subscribe",
              "payload",
              Map.of("query", query, "variables", variables)));
    }

    void send(Map<String, ?> message) {
      try {
        sendText(JSON.writeValueAsString(new LinkedHashMap<>(message)));
      } catch (IOException impossible) {
        throw new UncheckedIOException(impossible);
      }
    }

    void sendText(String text) {
      sendFragment(text, true);
    }

    void sendBinary(byte[] bytes) {
      socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    void sendFragment(String text, boolean last) {
      socket.sendText(text, last).join();
    }

    /** The next message from the server; fails if none comes within 15 s. */
    JsonNode next() {
      return next(WAIT);
    }

    JsonNode next(Duration timeout) {
      try {
        JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
          throw new AssertionError(
              "no message within "
                  + timeout
                  + (closed.isDone() ? "; closed: " + closed.join() : ""));
        }
        return message;
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(interrupted);
      }
    }

    /** The next message of subscription {@code id}, skipping those of others. */
    JsonNode nextOf(String id) {
      return nextOf(id, WAIT);
    }

    JsonNode nextOf(String id, Duration timeout) {
      while (true) {
        JsonNode message = next(timeout);
        if (id.equals(message.path("id").asText())) {
          return message;
        }
      }
    }

    Closed awaitClose() {
      return awaitClose(WAIT);
    }

    Closed awaitClose(Duration timeout) {
      try {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException notClosed) {
        throw new AssertionError(
            "the server did not close the socket within " + timeout + "; messages: " + messages);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(interrupted);
      } catch (ExecutionException impossible) {
        throw new IllegalStateException(impossible);
      }
    }

    boolean isClosed() {
      return closed.isDone();
    }

    /** Closes the TCP connection without a close frame: a client that vanished. */
    void abort() {
      socket.abort();
    }

    /** A normal close (1000), waiting for the server's close frame. */
    Closed closeNormally() {
      if (!socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
      }
      return awaitClose();
    }

    @Override
    public void close() {
      socket.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          if (message instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.put(RECEIVED_NANOS, System.nanoTime()); // for latency measurements
          }
          messages.add(message);
        } catch (IOException notJson) {
          messages.add(
              JSON.createObjectNode().put("type", "unparsed").put("text", partial.toString()));
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Closed(-1, String.valueOf(error)));
    }
  }
}
