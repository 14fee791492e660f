package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a WebSocket client that does not speak graphql-transport-ws gets: refused at the handshake,
 * or closed with the code the protocol names, before anything it sent is acted on.
 */
@Timeout(60)
class WebSocketHygieneIT {
  static final String SUBSCRIBE =
      "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":"
          + "\"subscription { orderEvents(orderId: \\\"o1\\\") { seq } }\"}}";

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();

  String prefix;
  TestBridge bridge;

  @BeforeEach
  void start() {
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(WebSocketProtocolIT.SDL.formatted(prefix), WebSocketProtocolIT.LIMITS);
  }

  @Test
  void handshakeWithoutASubProtocol_isRefusedWith400BeforeTheUpgrade() {
    assertEquals(400, refusedHandshakeStatus());
  }

  @Test
  void handshakeOfferingOnlyAnotherSubProtocol_isRefusedWith400() {
    assertEquals(400, refusedHandshakeStatus("graphql-ws"));
  }

  @Test
  void handshakeOfferingGraphqlTransportWsAmongOthers_isUpgraded() {
    try (GraphQLWsClient client =
        GraphQLWsClient.connect(bridge, Map.of(), "graphql-ws", "graphql-transport-ws")) {
      client.init(Map.of());
    }
  }

  @Test
  void binaryFrameBeforeInit_closesWith4400() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.sendBinary("{\"type\":\"connection_init\"}".getBytes(StandardCharsets.UTF_8));

      assertEquals(4400, client.awaitClose().code());
      assertTrue(client.messages().isEmpty(), () -> "answered: " + client.messages());
    }
  }

  @Test
  void binarySubscribeAfterInit_closesWith4400_andSubscribesNothing() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());

      client.sendBinary(SUBSCRIBE.getBytes(StandardCharsets.UTF_8));

      assertEquals(4400, client.awaitClose().code());
      assertEquals(0, Probes.subscriptionsMatching(nats.server(), prefix + ".orders.o1"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "{\"type\":", "[1, 2]", "42", "\"connection_init\""})
  void textThatIsNotAJsonObject_closesWith4400(String text) {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.sendText(text);

      GraphQLWsClient.Closed closed = client.awaitClose();
      assertEquals(4400, closed.code(), closed::toString);
    }
  }

  @Test
  void connectionInitOverMaxMessageBytes_closesWith1009AtOnce() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      long start = System.nanoTime();
      client.sendText(
          "{\"type\":\"connection_init\",\"payload\":{\"pad\":\"" + "x".repeat(4096) + "\"}}");

      assertEquals(1009, client.awaitClose().code());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 400, "closed after " + millis + " ms: the init timeout, not the size");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"authorization\": 12345}",
        "{\"Authorization\": [\"Bearer x\"]}",
        "{\"token\": {\"value\": \"x\"}}",
        "{\"headers\": \"Authorization: Bearer x\"}",
        "{\"headers\": {\"authorization\": true}}"
      })
  void connectionInitWithATokenThatIsNotAString_closesWith4403(String payload) {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.sendText("{\"type\":\"connection_init\",\"payload\":" + payload + "}");

      GraphQLWsClient.Closed closed = client.awaitClose();
      assertEquals(4403, closed.code(), closed::toString);
      assertTrue(closed.reason().contains("must be a string"), closed::toString);
    }
  }

  /** Regression: Vert.x took the subscribe payload's initialValue as the root object. */
  @Test
  void subscribeWithAnInitialValue_cannotChooseWhatRootFieldsRead() {
    TestBridge plain =
        nats.startBridge(
            "type Query { ping: String @natsRequest(subject: \"%s.ping\"), motto: String }"
                .formatted(prefix));
    try (GraphQLWsClient client = GraphQLWsClient.connect(plain)) {
      client.init(Map.of());

      client.sendText(
          "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"{ motto }\","
              + "\"initialValue\":{\"motto\":\"injected\"}}}");

      var result = client.nextOf("1");
      assertEquals("next", result.path("type").asText(), result::toString);
      assertTrue(result.path("payload").path("data").path("motto").isNull(), result::toString);
    }
  }

  private int refusedHandshakeStatus(String... protocols) {
    CompletionException refused =
        assertThrows(
            CompletionException.class, () -> GraphQLWsClient.connect(bridge, Map.of(), protocols));
    return assertInstanceOf(WebSocketHandshakeException.class, refused.getCause())
        .getResponse()
        .statusCode();
  }
}
