package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.MultipartClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group's result is encoded once and the same bytes are framed per transport: each WebSocket
 * member's {@code next} differs only in its own id (any id, non-ASCII or with characters JSON must
 * escape), non-ASCII payloads arrive as valid UTF-8 (the JDK's client refuses a text frame that is
 * not), and SSE and multipart members carry the very payload the WebSocket members get.
 */
@Timeout(120)
class SubscriptionGroupFramesIT {
  static final String PAD = "grüße, 東京, emoji 😀, quote \" and backslash \\";
  static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();

  @Test
  void webSocketMembers_eachGetTheirOwnIdInAnOtherwiseIdenticalFrame_inValidUtf8()
      throws Exception {
    String prefix = Subjects.uniquePrefix();
    TestBridge bridge =
        nats.startBridge(SubscriptionGroupIT.SDL.formatted(prefix), SubscriptionGroupIT.GROUP);
    List<String> ids = List.of("1", "zwei-ü", "三", "with \"quotes\" \\ and 😀");
    List<GraphQLWsClient> clients = new ArrayList<>();
    try {
      for (String id : ids) {
        GraphQLWsClient client = GraphQLWsClient.connect(bridge);
        client.init(Map.of());
        client.subscribe(id, SubscriptionGroupIT.TICKS, Map.of("feed", "u", "pad", true));
        clients.add(client);
      }
      SubscriptionGroupIT.awaitActive(bridge, ids.size());

      publish(prefix, "u", 1);

      JsonNode first = null;
      for (int i = 0; i < ids.size(); i++) {
        JsonNode next = clients.get(i).nextOf(ids.get(i), WAIT);
        assertEquals(ids.get(i), next.path("id").asText(), "its own id");
        assertEquals(PAD, next.path("payload").path("data").path("ticks").path("pad").asText());
        ObjectNode withoutId = ((ObjectNode) next.deepCopy());
        withoutId.remove("id");
        withoutId.remove(GraphQLWsClient.RECEIVED_NANOS);
        assertEquals(first == null ? withoutId : first, withoutId, "the rest is identical");
        first = withoutId;
      }
    } finally {
      clients.forEach(GraphQLWsClient::close);
    }
  }

  @Test
  void sseAndMultipartMembers_carryTheSamePayloadAsWebSocketMembers() throws Exception {
    String prefix = Subjects.uniquePrefix();
    TestBridge bridge =
        nats.startBridge(SubscriptionGroupIT.SDL.formatted(prefix), SubscriptionGroupIT.GROUP);
    Map<String, Object> variables = Map.of("feed", "v", "pad", true);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", SubscriptionGroupIT.TICKS);
    body.put("variables", variables);
    String json = SubscriptionGroupIT.JSON.writeValueAsString(body);
    try (SseClient sse =
            SseClient.post(bridge.port(), json, Map.of("Accept", "text/event-stream"));
        MultipartClient multipart = MultipartClient.post(bridge.port(), json, Map.of());
        GraphQLWsClient ws = GraphQLWsClient.connect(bridge)) {
      ws.init(Map.of());
      ws.subscribe("1", SubscriptionGroupIT.TICKS, variables);
      SubscriptionGroupIT.awaitActive(bridge, 3);

      publish(prefix, "v", 2);

      for (int n = 1; n <= 2; n++) {
        String overSse = sse.next(WAIT).data();
        MultipartClient.Part part = multipart.nextPayload(WAIT);
        assertEquals("{\"payload\":" + overSse + "}", part.body(), "the same payload bytes");
        JsonNode overWs = ws.nextOf("1", WAIT).path("payload");
        assertEquals(SubscriptionGroupIT.JSON.readTree(overSse), overWs);
        assertEquals(n, overWs.path("data").path("ticks").path("n").asInt());
        assertEquals(PAD, overWs.path("data").path("ticks").path("pad").asText());
      }
    }
  }

  private static void publish(String prefix, String feed, int count) throws Exception {
    try (Connection publisher = nats.connect()) {
      for (int n = 1; n <= count; n++) {
        String event = SubscriptionGroupIT.JSON.writeValueAsString(Map.of("n", n, "pad", PAD));
        publisher.publish(prefix + ".ticks." + feed, event.getBytes(StandardCharsets.UTF_8));
      }
      publisher.flush(Duration.ofSeconds(5));
    }
  }
}
