package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.demo.DemoConfig;
import dev.switchboard.bridge.demo.DemoServices;
import dev.switchboard.bridge.identity.JwksPublisher;
import dev.switchboard.bridge.nats.ServiceConnection;
import dev.switchboard.bridge.permissions.ConfFormat;
import dev.switchboard.bridge.permissions.PermissionsDeriver;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.SseClient.Event;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.service.Discovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's NATS user restricted to exactly what {@code permissions} printed: one nats-server
 * whose users are an admin (streams, demo services, the benchmark's responder) and one user per
 * bridge whose {@code permissions} block is the command's output for that bridge's config, pasted
 * in. Every field of the demo schema and of the benchmark schema works; nats-server itself logs no
 * permissions violation for them, and refuses the bridge's user anything outside the printed set.
 */
@Timeout(90)
class LeastPrivilegeIT {
  static final Duration WAIT = Duration.ofSeconds(10);

  /** How nats-server logs a refused publish or subscription: {@code Publish Violation - User}. */
  static final String VIOLATION = "Violation - User";

  @TempDir static Path dir;
  static final TestIssuer issuer = TestIssuer.create();
  static LocalNatsServer server;
  static Connection admin;
  static ServiceConnection demoServices;
  static TestBridge demo;
  static TestBridge bench;

  @BeforeAll
  static void start() throws Exception {
    // the demo's built-in config, with a test issuer and a free port
    Map<String, String> demoUser =
        Map.of(
            "SWITCHBOARD_HTTP_PORT", "0",
            "SWITCHBOARD_NATS_USER", "demo",
            "SWITCHBOARD_NATS_PASSWORD", "demo-secret");
    BridgeConfig demoConfig =
        ConfigLoader.parse(
            DemoConfig.YAML.formatted(TestIssuer.ISSUER, TestIssuer.AUDIENCE, issuer.jwksFile()),
            dir,
            demoUser,
            "demo config");
    // the benchmark's own config file, as deploy/bench.sh runs it (another port)
    BridgeConfig benchConfig =
        ConfigLoader.load(
            Path.of("../deploy/bench/bench-config.yaml"),
            Map.of(
                "SWITCHBOARD_HTTP_PORT", "0",
                "SWITCHBOARD_NATS_USER", "bench",
                "SWITCHBOARD_NATS_PASSWORD", "bench-secret"));
    Path conf = dir.resolve("nats-server.conf");
    Files.writeString(
        conf,
        """
        authorization {
          users = [
            { user: admin, password: admin-secret }
            { user: demo, password: demo-secret
        %s    }
            { user: bench, password: bench-secret
        %s    }
          ]
        }
        """
            .formatted(printed(demoConfig), printed(benchConfig)));
    server =
        LocalNatsServer.builder()
            .jetStream(true)
            .monitoring(true)
            .arg("-c", conf.toString(), "-DV")
            .start();
    admin = connect("admin", "admin-secret");
    demoServices = ServiceConnection.open("nats://admin:admin-secret@127.0.0.1:" + server.port());
    DemoServices.start(demoServices);
    admin
        .jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name("BENCH")
                .subjects("bench.events.>")
                .storageType(StorageType.Memory)
                .build());
    Responders.answering(
        admin,
        "bench-orders",
        "bench.orders.get.*",
        "{\"id\":\"1\",\"status\":\"SHIPPED\",\"total\":9.5}");
    demo = TestBridge.start(demoConfig.withNatsUrls(List.of(server.url())));
    bench = TestBridge.start(benchConfig.withNatsUrls(List.of(server.url())));
  }

  /** What {@code switchboard permissions --config FILE} prints for the default connection. */
  static String printed(BridgeConfig config) throws Exception {
    PermissionsDeriver.Derived derived = PermissionsDeriver.derive(config, "default");
    assertEquals(List.of(), derived.warnings(), "the schemas name their streams");
    return ConfFormat.render(derived.permissions(), List.of("printed by the permissions command"));
  }

  static Connection connect(String user, String password) throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server(server.url())
            .userInfo(user, password)
            .connectionName(user + "-test")
            .build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (bench != null) {
      bench.close();
    }
    if (demo != null) {
      demo.close();
    }
    if (demoServices != null) {
      demoServices.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** nats-server would log a violation of the bridges' users (the intruder test's are its own). */
  @AfterEach
  void noPermissionsViolations() {
    List<String> violations =
        server
            .log()
            .lines()
            .filter(line -> line.contains(VIOLATION) && !line.contains("intruder"))
            .toList();
    assertEquals(List.of(), violations);
  }

  static GraphQLClient guest() {
    return demo.client();
  }

  // --- demo: queries ---------------------------------------------------------------------------

  @Test
  void demoQueries_reachTheirServices() {
    Response order =
        guest().query("{ order(id: \"1\") { id status customer { name } payment { state } } }");
    Response orders = guest().query("{ orders { id } }");
    Response slow = guest().query("{ slowReport { title } }");

    assertEquals("Ada Lovelace", order.data().path("order").path("customer").path("name").asText());
    assertEquals(
        502,
        order.errors().path(0).path("extensions").path("serviceCode").asInt(),
        "the payment service answered with its coded error: " + order);
    assertTrue(orders.data().path("orders").size() >= 3, orders::toString);
    assertEquals("TIMEOUT", slow.firstCode(), slow::toString);
  }

  @Test
  void demoInvoices_asACustomer_passTheServicesEnvelopeCheck_keysFetchedFromTheBridgeOverNats() {
    String token =
        issuer.tokenFor(
            "alice", claims -> claims.claim("roles", List.of("customer")).claim("tenant", "acme"));

    Response mine = guest().queryAs(token, "{ myInvoices { id checkedFor } }");
    Response one = guest().queryAs(token, "{ invoice(tenant: \"acme\", id: \"A-2\") { amount } }");

    assertEquals(2, mine.data().path("myInvoices").size(), mine::toString);
    assertEquals("alice@acme", mine.data().path("myInvoices").path(0).path("checkedFor").asText());
    assertEquals(80.5, one.data().path("invoice").path("amount").asDouble(), one::toString);
  }

  @Test
  void demoAuditTrail_asAnAuditor_isAnswered() {
    String token =
        issuer.tokenFor(
            "eve",
            claims -> claims.claim("roles", List.of("auditor")).claim("scope", "audit:read"));

    Response trail = guest().queryAs(token, "{ auditTrail }");

    assertEquals(2, trail.data().path("auditTrail").size(), trail::toString);
  }

  @Test
  void jwksResponder_answersRequestsAndDiscovery() throws Exception {
    byte[] keys = admin.request("switchboard.identity.jwks", null, WAIT).getData();
    Discovery discovery = new Discovery(admin, 1000, 1);

    assertTrue(new String(keys).contains("\"keys\""));
    assertEquals(1, discovery.ping(JwksPublisher.SERVICE).size());
    assertEquals(1, discovery.info(JwksPublisher.SERVICE).size());
    assertEquals(1, discovery.stats(JwksPublisher.SERVICE).size());
  }

  // --- demo: mutations and subscriptions ---------------------------------------------------------

  @Test
  void demoMutations_placeOrder_trackClick_andAStreamPublish_succeed() {
    Response placed =
        guest()
            .query("mutation { placeOrder(input: {customerId: \"c1\", quantity: 1}) { orderId } }");
    Response click = guest().query("mutation { trackClick(page: \"/home\") { ok } }");
    Response stored =
        guest()
            .query(
                "mutation { recordOrderEvent(input: {orderId: \"77\", status: SHIPPED})"
                    + " { ok stream sequence } }");

    assertFalse(
        placed.data().path("placeOrder").path("orderId").asText().isEmpty(), placed::toString);
    assertTrue(click.data().path("trackClick").path("ok").asBoolean(), click::toString);
    assertEquals(
        "ORDERS", stored.data().path("recordOrderEvent").path("stream").asText(), stored::toString);
  }

  @Test
  void demoCoreSubscriptions_overWebSocket_receiveWhatMutationsPublish() {
    String orderId = "ws-" + UUID.randomUUID().toString().substring(0, 8);
    // the ORDERS stream listens on these subjects too
    int clickListeners = Probes.subscriptionsMatching(server, "demo.clicks");
    int eventListeners = Probes.subscriptionsMatching(server, "demo.orders.events." + orderId);
    try (GraphQLWsClient socket = GraphQLWsClient.connect(demo).init(Map.of())) {
      socket.subscribe("clicks", "subscription { clicks { page } }", Map.of());
      socket.subscribe(
          "events",
          "subscription($id: ID!) { orderEvents(orderId: $id) { status } }",
          Map.of("id", orderId));
      Probes.awaitSubscriptionsMatching(server, "demo.clicks", clickListeners + 1);
      Probes.awaitSubscriptionsMatching(
          server, "demo.orders.events." + orderId, eventListeners + 1);

      guest().query("mutation { trackClick(page: \"/ws\") { ok } }");
      guest()
          .query(
              "mutation($id: ID!) { recordOrderEvent(input: {orderId: $id, status: PENDING}) { ok } }",
              Map.of("id", orderId));

      assertEquals(
          "/ws",
          socket
              .nextOf("clicks")
              .path("payload")
              .path("data")
              .path("clicks")
              .path("page")
              .asText());
      assertEquals(
          "PENDING",
          socket
              .nextOf("events")
              .path("payload")
              .path("data")
              .path("orderEvents")
              .path("status")
              .asText());
    }
  }

  @Test
  void demoOrderHistory_overSse_replaysTheStreamThenFollowsItLive() {
    String orderId = "sse-" + UUID.randomUUID().toString().substring(0, 8);
    recordOrderEvent(orderId, "PENDING");
    recordOrderEvent(orderId, "SHIPPED");

    try (SseClient history =
        SseClient.post(
            demo.port(),
            GraphQLClient.body(
                "subscription($id: ID!) { orderHistory(orderId: $id, fromSequence: 1) { status } }",
                Map.of("id", orderId),
                null),
            Map.of())) {
      assertEquals("PENDING", status(history.next(WAIT)));
      assertEquals("SHIPPED", status(history.next(WAIT)));
      recordOrderEvent(orderId, "DELIVERED");
      assertEquals("DELIVERED", status(history.next(WAIT)));
    }
  }

  private static void recordOrderEvent(String orderId, String status) {
    Response stored =
        guest()
            .query(
                "mutation($id: ID!, $status: OrderStatus!) {"
                    + " recordOrderEvent(input: {orderId: $id, status: $status}) { ok } }",
                Map.of("id", orderId, "status", status));
    assertTrue(stored.data().path("recordOrderEvent").path("ok").asBoolean(), stored::toString);
  }

  private static String status(Event event) {
    assertEquals("next", event.event(), event.toString());
    return event.json().path("data").path("orderHistory").path("status").asText();
  }

  // --- benchmark schema -------------------------------------------------------------------------

  @Test
  void benchFields_queryStreamPublishAndFanout_work() {
    Response order = bench.client().query("{ order(id: \"1\") { id status total } }");
    Response event =
        bench.client().query("mutation { recordEvent(id: \"1\", status: \"ok\") { ok stream } }");

    assertEquals("SHIPPED", order.data().path("order").path("status").asText(), order::toString);
    assertEquals(
        "BENCH", event.data().path("recordEvent").path("stream").asText(), event::toString);
    try (GraphQLWsClient socket = GraphQLWsClient.connect(bench).init(Map.of())) {
      socket.subscribe("ticks", "subscription { ticks { seq } }", Map.of());
      Probes.awaitSubscriptionsMatching(server, "bench.ticks", 1);
      admin.publish("bench.ticks", "{\"seq\":7,\"sentAt\":\"0\"}".getBytes());

      JsonNode tick = socket.nextOf("ticks").path("payload").path("data").path("ticks");
      assertEquals(7, tick.path("seq").asInt(), tick::toString);
    }
  }

  // --- outside the printed set -------------------------------------------------------------------

  @Test
  void bridgesUser_outsideThePrintedSet_isRefusedByNatsServer() throws Exception {
    try (Connection intruder =
        Nats.connect(
            new Options.Builder()
                .server(server.url())
                .userInfo("demo", "demo-secret")
                .connectionName("intruder")
                .build())) {
      intruder.publish("outside.the.printed.set", new byte[0]);
      intruder.publish("$JS.API.STREAM.NAMES", new byte[0]);
      intruder.subscribe("_INBOX.>");
      intruder.flush(WAIT);

      Probes.awaitTrue(
          () -> violations("outside.the.printed.set") == 1,
          () -> "no violation for the publish outside:\n" + server.log());
      Probes.awaitTrue(
          () -> violations("$JS.API.STREAM.NAMES") == 1,
          () -> "the stream lookup is not granted when streams are named:\n" + server.log());
      Probes.awaitTrue(
          () -> violations("_INBOX.>") == 1,
          () -> "other clients' inboxes are not the bridge's:\n" + server.log());
    }
  }

  private static long violations(String subject) {
    return server
        .log()
        .lines()
        .filter(line -> line.contains("intruder") && line.contains(VIOLATION))
        .filter(line -> line.contains("\"" + subject + "\""))
        .count();
  }
}
