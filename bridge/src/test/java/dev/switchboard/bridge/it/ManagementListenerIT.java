package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.RawHttp;
import dev.switchboard.bridge.testing.RawHttp.Answer;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code management.port}: health and metrics on a listener of their own, and no longer on the API
 * port; without it they stay on the API port.
 */
@Timeout(60)
class ManagementListenerIT {
  static final String MANAGEMENT = "management:\n  host: 127.0.0.1\n  port: 0\n";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  String sdl;

  @BeforeEach
  void answer() {
    String prefix = Subjects.uniquePrefix();
    Responders.answering(nats.connect(), "count", prefix + ".count", "42");
    sdl =
        """
        type Query { count: Int @natsRequest(subject: "%s.count", timeout: "2s") }
        """
            .formatted(prefix);
  }

  @Test
  void managementPortSet_servesHealthAndMetrics_onAPortOfItsOwn() {
    TestBridge bridge = nats.startBridge(sdl, MANAGEMENT);
    int management = bridge.bridge().managementPort().orElseThrow();
    assertNotEquals(bridge.port(), management);

    assertEquals(200, get(management, "/healthz").status());
    Answer ready = get(management, "/readyz");
    assertEquals(200, ready.status(), ready::toString);
    assertTrue(ready.body().contains("\"status\":\"ready\""), ready::toString);
    Answer metrics = get(management, "/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.body().contains("switchboard_http_connections_open"), metrics::toString);
    assertEquals(404, get(management, "/graphql").status(), "the API is not on it");
    assertEquals(42, bridge.client().query("{ count }").data().path("count").asInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/healthz", "/readyz", "/metrics"})
  void managementPortSet_theApiPortAnswers404For(String path) {
    TestBridge bridge = nats.startBridge(sdl, MANAGEMENT);

    Response response = bridge.client().send("GET", path, null, Map.of());

    assertEquals(404, response.status(), response::toString);
    assertEquals("BAD_REQUEST", response.firstCode());
  }

  @Test
  void managementPortNotSet_healthAndMetricsStayOnTheApiPort() {
    TestBridge bridge = nats.startBridge(sdl);

    assertTrue(bridge.bridge().managementPort().isEmpty());
    for (String path : new String[] {"/healthz", "/readyz", "/metrics"}) {
      assertEquals(200, bridge.client().send("GET", path, null, Map.of()).status(), path);
    }
  }

  static Answer get(int port, String path) {
    try (RawHttp connection = RawHttp.connect(port)) {
      return connection
          .write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .readAnswer();
    }
  }
}
