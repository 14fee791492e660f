package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two named connections to two separate nats-servers: each field goes out on the connection it
 * names, and losing one server affects only its fields and its readiness entry.
 */
@Timeout(60)
class NamedConnectionsIT {
  @RegisterExtension final NatsServerExtension orders = new NatsServerExtension().perTest();
  @RegisterExtension final NatsServerExtension audit = new NatsServerExtension().perTest();

  private TestBridge start(String prefix) {
    Responders.answering(orders.connect(), "orders", prefix + ".orders.count", "7");
    Responders.answering(audit.connect(), "audit", prefix + ".audit.count", "3");
    String sdl =
        """
        type Query {
          orderCount: Int @natsRequest(subject: "%1$s.orders.count", timeout: "3s")
          auditCount: Int @natsRequest(subject: "%1$s.audit.count", timeout: "3s", connection: "audit")
        }
        type Mutation {
          note(text: String!): PublishResult @natsPublish(subject: "%1$s.audit.notes", connection: "audit")
        }
        type Note { text: String }
        type Subscription {
          notes: Note @natsSubscribe(subjects: ["%1$s.audit.notes"], connection: "audit")
        }
        """
            .formatted(prefix);
    String natsYaml =
        """
        nats:
          urls: ["%s"]
          connections:
            audit:
              urls: ["%s"]
              reconnect: {delay: 50ms, jitter: 10ms}
        """
            .formatted(orders.url(), audit.url());
    return orders.startBridgeWithNats(natsYaml, sdl, "");
  }

  @Test
  void eachField_goesOutOnTheConnectionItNames() {
    String prefix = Subjects.uniquePrefix();
    TestBridge bridge = start(prefix);
    SubjectSpy onOrders = orders.spy(prefix + ".>");
    SubjectSpy onAudit = audit.spy(prefix + ".>");
    Response answer = bridge.client().query("{ orderCount auditCount }");
    Response published = bridge.client().query("mutation { note(text: \"hi\") { ok } }");

    assertEquals(7, answer.data().path("orderCount").asInt(), answer::toString);
    assertEquals(3, answer.data().path("auditCount").asInt(), answer::toString);
    assertTrue(published.data().path("note").path("ok").asBoolean(), published::toString);
    Probes.awaitTrue(
        () -> onAudit.messages().size() >= 2, () -> "audit server saw " + onAudit.messages());
    assertEquals(
        List.of(prefix + ".orders.count"),
        onOrders.messages().stream().map(m -> m.getSubject()).toList(),
        "only the default connection's field reached the orders server");
    assertEquals(
        List.of(prefix + ".audit.count", prefix + ".audit.notes"),
        onAudit.messages().stream().map(m -> m.getSubject()).sorted().toList(),
        "the audit fields reached the audit server");
  }

  @Test
  void subscription_listensOnTheConnectionItNames() throws Exception {
    String prefix = Subjects.uniquePrefix();
    TestBridge bridge = start(prefix);
    Connection auditPublisher = audit.connect();

    try (SseClient events =
        SseClient.post(
            bridge.port(),
            GraphQLClient.body("subscription { notes { text } }", null, null),
            Map.of())) {
      SseClient.Event first = null;
      // the subscription's NATS interest may reach the server just after the stream opened
      for (int i = 0; i < 50 && first == null; i++) {
        auditPublisher.publish(prefix + ".audit.notes", "{\"text\":\"hello\"}".getBytes());
        first = events.poll(Duration.ofMillis(100));
      }

      assertTrue(first != null && first.data().contains("hello"), "event: " + first);
    }
  }

  @Test
  void oneServerDown_onlyItsFieldsFail_andOnlyItsReadinessEntry() {
    String prefix = Subjects.uniquePrefix();
    TestBridge bridge = start(prefix);

    audit.server().stop();

    Response unready =
        HealthIT.poll(
            () -> bridge.client().send("GET", "/readyz", null, Map.of()),
            r -> r.status() == 503,
            Duration.ofSeconds(5));
    assertEquals(503, unready.status(), unready::toString);
    assertEquals(
        "connected",
        unready.json().path("checks").path("connections").path("default").asText(),
        unready::toString);
    assertTrue(
        unready.json().path("checks").path("connections").path("audit").asText().endsWith("ing"),
        unready::toString);
    Response answer = bridge.client().query("{ orderCount auditCount }");
    assertEquals(7, answer.data().path("orderCount").asInt(), answer::toString);
    assertTrue(answer.data().path("auditCount").isNull(), answer::toString);
    assertEquals("SERVICE_UNAVAILABLE", answer.firstCode(), answer::toString);
    assertTrue(answer.millis() < 1000, "failed fast, in " + answer.millis() + " ms");
    assertEquals(
        1.0, metric(bridge, "switchboard_nats_connected", "default"), "default connection metric");
    assertEquals(0.0, metric(bridge, "switchboard_nats_connected", "audit"));

    audit.server().restart();
    Responders.answering(audit.connect(), "audit", prefix + ".audit.count", "3");

    Response ready =
        HealthIT.poll(
            () -> bridge.client().send("GET", "/readyz", null, Map.of()),
            r -> r.status() == 200,
            Duration.ofSeconds(10));
    assertEquals(200, ready.status(), ready::toString);
    Response again = bridge.client().query("{ auditCount }");
    assertEquals(3, again.data().path("auditCount").asInt(), again::toString);
    assertTrue(metric(bridge, "switchboard_nats_reconnects_total", "audit") >= 1);
  }

  /** A sample's value from /metrics: the line of {@code name} labelled with the connection. */
  private static double metric(TestBridge bridge, String name, String connection) {
    String text = bridge.client().send("GET", "/metrics", null, Map.of()).text();
    return text.lines()
        .filter(line -> line.startsWith(name + "{"))
        .filter(line -> line.contains("connection=\"" + connection + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("no " + name + " for " + connection + " in /metrics:\n" + text));
  }
}
