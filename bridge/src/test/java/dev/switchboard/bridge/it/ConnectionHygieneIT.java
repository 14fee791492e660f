package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.RawHttp;
import dev.switchboard.bridge.testing.RawHttp.Answer;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow-loris hygiene: idle and half-sent connections are closed after {@code http.idleTimeout}
 * while the bridge keeps answering; beyond {@code http.maxConnections} a new connection is closed
 * at once, and service resumes when others go.
 */
@Timeout(90)
class ConnectionHygieneIT {
  static final String QUERY_BODY = "{\"query\":\"{ count }\"}";
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
  static final Map<String, String> SHORT_IDLE =
      Map.of(
          "SWITCHBOARD_HTTP_IDLE_TIMEOUT", "1s",
          "SWITCHBOARD_SUBSCRIPTIONS_KEEP_ALIVE", "500ms");

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();
  String prefix;
  String sdl;

  @BeforeEach
  void answer() {
    prefix = Subjects.uniquePrefix();
    Responders.answering(nats.connect(), "count", prefix + ".count", "42");
    sdl =
        """
        type Query { count: Int @natsRequest(subject: "%1$s.count", timeout: "2s") }
        type Subscription { ticks: Int @natsSubscribe(subjects: ["%1$s.ticks"]) }
        """
            .formatted(prefix);
  }

  @Test
  void idleAndHalfSentConnections_areClosedAfterTheIdleTimeout_whileTheBridgeKeepsAnswering() {
    TestBridge bridge = nats.startBridge(sdl, "", SHORT_IDLE);
    List<RawHttp> loris = new ArrayList<>();
    long opened = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      loris.add(RawHttp.connect(bridge.port()));
      loris.add(RawHttp.connect(bridge.port()).write("POST /graphql HTTP/1.1\r\nHost: 1"));
      loris.add(
          RawHttp.connect(bridge.port())
              .write(
                  "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 1000\r\n\r\n{\"query\":"));
    }

    // meanwhile, on fresh connections, the bridge answers
    for (int i = 0; i < 5; i++) {
      assertEquals(200, oneShot(bridge, "/readyz").status());
      Answer query = onePost(bridge, QUERY_BODY);
      assertEquals(200, query.status(), query::toString);
      assertTrue(query.body().contains("\"count\":42"), query::toString);
    }

    for (RawHttp connection : loris) {
      assertTrue(connection.closedWithin(Duration.ofSeconds(10)), "still open after 10 s");
      connection.close();
    }
    long tookMillis = (System.nanoTime() - opened) / 1_000_000;
    assertTrue(
        tookMillis >= IDLE_TIMEOUT.toMillis() - 100,
        "closed after " + tookMillis + " ms, before the idle timeout");
    assertEquals(200, oneShot(bridge, "/readyz").status());
  }

  @Test
  void keptAliveConnection_withNothingMoreToAsk_isClosedAfterTheIdleTimeout() {
    TestBridge bridge = nats.startBridge(sdl, "", SHORT_IDLE);
    try (RawHttp connection = RawHttp.connect(bridge.port())) {
      assertEquals(200, connection.get("/healthz").status());

      assertFalse(connection.closedWithin(Duration.ofMillis(500)), "closed before the timeout");
      assertTrue(connection.closedWithin(Duration.ofSeconds(5)), "still open after 5.5 s");
    }
  }

  @Test
  void headersTrickledAByteAtATime_areClosedAfterTheIdleTimeout() {
    TestBridge bridge = nats.startBridge(sdl, "", SHORT_IDLE);
    try (RawHttp connection = RawHttp.connect(bridge.port())) {
      assertTrue(
          trickle(connection, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: abcdefgh"),
          "a request whose headers never end holds its connection");
    }
  }

  @Test
  void bodyTrickledAByteAtATime_is408AfterTheIdleTimeout_andClosed() {
    TestBridge bridge = nats.startBridge(sdl, "", SHORT_IDLE);
    try (RawHttp connection = RawHttp.connect(bridge.port())) {
      connection.write(
          "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100\r\n\r\n");
      long started = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        connection.write(" "); // more often than the idle timeout, never finished
        sleep(Duration.ofMillis(300));
      }

      Answer answer = connection.readAnswer();
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(408, answer.status(), answer::toString);
      assertTrue(answer.body().contains("BAD_REQUEST"), answer::toString);
      assertTrue(millis < 3000, "answered after " + millis + " ms");
      assertTrue(connection.closedWithin(Duration.ofSeconds(2)));
    }
  }

  /**
   * Sends {@code text} a byte every 300 ms (more often than the 1 s idle timeout); true when the
   * server closed the connection before the end.
   */
  static boolean trickle(RawHttp connection, String text) {
    for (char c : text.toCharArray()) {
      try {
        connection.write(String.valueOf(c));
      } catch (UncheckedIOException closed) {
        return true;
      }
      if (connection.closedWithin(Duration.ofMillis(300))) {
        return true;
      }
    }
    return false;
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  @Test
  void quietWebSocketSubscription_outlivesTheIdleTimeout_andStillGetsEvents() throws Exception {
    TestBridge bridge = nats.startBridge(sdl, "", SHORT_IDLE);
    try (GraphQLWsClient socket = GraphQLWsClient.connect(bridge).init(Map.of())) {
      socket.subscribe("1", "subscription { ticks }", Map.of());
      Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".ticks", 1);

      sleep(IDLE_TIMEOUT.multipliedBy(3));

      assertFalse(socket.isClosed(), "closed though a subscription was open");
      Connection publisher = nats.connect();
      publisher.publish(prefix + ".ticks", "7".getBytes(StandardCharsets.UTF_8));
      assertEquals(
          7, socket.nextOf("1").path("payload").path("data").path("ticks").asInt(), "no event");
    }
  }

  /**
   * On a WebSocket the idle clock counts what the client sends: a client that reads every event and
   * ping but answers no ping (a dead or stuck peer) is closed after the idle timeout, however much
   * the bridge writes to it.
   */
  @Test
  void webSocketClient_answeringNoPings_isClosedAfterTheIdleTimeout_thoughEventsKeepComing()
      throws Exception {
    TestBridge bridge = nats.startBridge(sdl, "", SHORT_IDLE);
    Connection publisher = nats.connect();
    ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    try (SlowConsumerIT.StalledClient silent =
        SlowConsumerIT.StalledClient.connect(bridge.port())) {
      silent.initAndSubscribe("1", Map.of("query", "subscription { ticks }"));
      Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".ticks", 1);
      ticks.scheduleAtFixedRate(
          () -> publisher.publish(prefix + ".ticks", "7".getBytes(StandardCharsets.UTF_8)),
          0,
          100,
          TimeUnit.MILLISECONDS);

      long giveUp = System.nanoTime() + IDLE_TIMEOUT.multipliedBy(4).toNanos();
      int events = 0;
      boolean closed = false;
      while (!closed && System.nanoTime() < giveUp) {
        try {
          silent.readMessage(); // pings are read and skipped, never answered
          events++;
        } catch (IOException closedOrDropped) {
          closed = true;
        }
      }
      assertTrue(closed, "still open after 4 idle timeouts; events read: " + events);
      assertTrue(events > 3, "events delivered before the close: " + events);
    } finally {
      ticks.shutdownNow();
    }
  }

  @Test
  void overMaxConnections_newConnectionsAreClosedAtOnce_andServiceResumesWhenOthersGo() {
    TestBridge bridge = nats.startBridge(sdl, "", Map.of("SWITCHBOARD_HTTP_MAX_CONNECTIONS", "4"));
    List<RawHttp> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      RawHttp connection = RawHttp.connect(bridge.port());
      assertEquals(200, connection.get("/healthz").status(), "connection " + (i + 1));
      held.add(connection); // kept alive: it holds its place
    }

    try (RawHttp fifth = RawHttp.connect(bridge.port())) {
      assertTrue(fifth.closedWithin(Duration.ofSeconds(2)), "over the cap, yet kept open");
    }
    assertEquals(200, held.get(0).get("/readyz").status(), "held connections keep working");

    held.forEach(RawHttp::close);

    Probes.awaitTrue(
        () -> oneShot(bridge, "/readyz").status() == 200, () -> "service did not resume");
    String metrics = oneShot(bridge, "/metrics").body();
    assertTrue(
        metrics.contains(
            "switchboard_http_connections_refused_total{application=\"switchboard\"} 1.0"),
        metrics);
  }

  @Test
  void closedWebSockets_giveTheirPlacesBack() {
    TestBridge bridge = nats.startBridge(sdl, "", Map.of("SWITCHBOARD_HTTP_MAX_CONNECTIONS", "3"));
    for (int round = 0; round < 3; round++) {
      List<GraphQLWsClient> sockets = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sockets.add(GraphQLWsClient.connect(bridge).init(Map.of()));
      }
      sockets.forEach(GraphQLWsClient::close);
      Probes.awaitTrue(
          () -> openConnections(bridge) == 1, () -> "connections still counted after close");
    }
  }

  /** The open-connection gauge, read on a connection of its own (which it counts). */
  static double openConnections(TestBridge bridge) {
    String metrics = oneShot(bridge, "/metrics").body();
    String name = "switchboard_http_connections_open{application=\"switchboard\"} ";
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name)) {
        return Double.parseDouble(line.substring(name.length()));
      }
    }
    throw new AssertionError("no " + name + "in /metrics");
  }

  /** A GET on a connection of its own, closed after the answer. */
  static Answer oneShot(TestBridge bridge, String path) {
    return request(
        bridge, () -> "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  }

  static Answer onePost(TestBridge bridge, String json) {
    return request(
        bridge,
        () ->
            "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + json.length()
                + "\r\n\r\n"
                + json);
  }

  private static Answer request(TestBridge bridge, Supplier<String> request) {
    try (RawHttp connection = RawHttp.connect(bridge.port())) {
      return connection.write(request.get()).readAnswer();
    }
  }
}
