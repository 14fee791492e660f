package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import io.nats.client.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-caller rate limits over real sockets: a caller over its rate gets 429 with {@code
 * Retry-After} and {@code RATE_LIMITED} and nothing reaches NATS; callers (a token's {@code sub},
 * or an anonymous client's address, behind trusted proxies the forwarded one) have their own
 * buckets, at their role's rate; a WebSocket counts at {@code connection_init}, and a caller's
 * connections beyond the cap are closed with 1013.
 */
@Timeout(60)
class RateLimitsIT {
  static final String SDL =
      """
      type Query { hello: String @natsRequest(subject: "%1$s.hello", timeout: "2s") }
      type Subscription { ticks: String @natsSubscribe(subjects: ["%1$s.ticks"]) }
      """;
  static final String HELLO = "{ hello }";

  /** One request, then one every 100 s: the second request within a test is always over. */
  static final String ONE_REQUEST = "rateLimits:\n  requestsPerSecond: 0.01\n  burst: 1\n";

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static final TestIssuer issuer = TestIssuer.create();
  static String prefix;
  static Connection connection;

  @BeforeAll
  static void start() {
    prefix = Subjects.uniquePrefix();
    connection = nats.connect();
    Responders.answering(connection, "hello", prefix + ".hello", "\"hi\"");
  }

  private static TestBridge bridge(String yaml) {
    return nats.startBridge(SDL.formatted(prefix), yaml);
  }

  private static TestBridge bridge(String yaml, Map<String, String> env) {
    return nats.startBridge(SDL.formatted(prefix), yaml, env);
  }

  private static String token(String subject, String... roles) {
    return issuer.tokenFor(subject, claims -> claims.claim("roles", List.of(roles)));
  }

  private static Response hello(TestBridge bridge, Map<String, String> headers) {
    return bridge.client().post(GraphQLClient.body(HELLO, null, null), headers);
  }

  private static void assertServed(Response response) {
    assertEquals(200, response.status(), response.text());
    assertEquals("hi", response.data().path("hello").asText(), response.text());
  }

  /** 429, Retry-After in whole seconds, RATE_LIMITED, and nothing on NATS. */
  private static void assertRateLimited(TestBridge bridge, Map<String, String> headers) {
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response response = hello(bridge, headers);

      assertEquals(429, response.status(), response.text());
      long retryAfter = Long.parseLong(response.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 100, "Retry-After: " + retryAfter);
      assertEquals("RATE_LIMITED", response.firstCode(), response.text());
      assertTrue(
          response.errors().path(0).path("message").asText().startsWith("Too many requests"),
          response.text());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS");
    }
  }

  private static double rateLimitedTotal(TestBridge bridge, String limit) {
    String metrics = bridge.client().send("GET", "/metrics", null, Map.of()).text();
    for (String line : metrics.split("\n")) {
      if (line.startsWith("switchboard_rate_limited_total{")
          && line.contains("limit=\"" + limit + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("switchboard_rate_limited_total{limit=" + limit + "} missing");
  }

  @Test
  void callerOverTheRate_gets429WithRetryAfter_nothingSent_andItIsCounted() {
    TestBridge bridge = bridge(ONE_REQUEST);
    assertServed(hello(bridge, Map.of()));

    assertRateLimited(bridge, Map.of());

    assertEquals(1.0, rateLimitedTotal(bridge, "requests"));
  }

  @Test
  void overTheRateOverSse_isRefusedBeforeTheStream() {
    TestBridge bridge = bridge(ONE_REQUEST);
    assertServed(hello(bridge, Map.of()));

    try (SseClient stream =
        SseClient.post(bridge.port(), GraphQLClient.body(HELLO, null, null), Map.of())) {
      assertEquals(429, stream.status());
      assertTrue(stream.header("Retry-After") != null);
    }
  }

  @Test
  void twoCallers_haveSeparateBuckets() {
    TestBridge bridge = bridge("dev: true\n" + issuer.authYaml() + ONE_REQUEST);
    Map<String, String> alice = Map.of("Authorization", "Bearer " + token("alice"));
    Map<String, String> bob = Map.of("Authorization", "Bearer " + token("bob"));

    assertServed(hello(bridge, alice));
    assertServed(hello(bridge, bob));
    assertRateLimited(bridge, alice);
    assertRateLimited(bridge, bob);
  }

  @Test
  void sameSubjectWithAnotherToken_sharesTheBucket() {
    TestBridge bridge = bridge("dev: true\n" + issuer.authYaml() + ONE_REQUEST);

    assertServed(hello(bridge, Map.of("Authorization", "Bearer " + token("carol"))));
    assertRateLimited(bridge, Map.of("Authorization", "Bearer " + token("carol", "other")));
  }

  @Test
  void roleRate_isTheCallersRate_andTheMostGenerousWins() {
    TestBridge bridge =
        bridge(
            "dev: true\n"
                + issuer.authYaml()
                + ONE_REQUEST
                + """
                  roles:
                    partner: {requestsPerSecond: 0.01, burst: 3}
                    ops: {requestsPerSecond: 0.01, burst: 5}
                """);
    Map<String, String> partner = Map.of("Authorization", "Bearer " + token("pat", "partner"));
    Map<String, String> both = Map.of("Authorization", "Bearer " + token("olga", "partner", "ops"));

    for (int i = 0; i < 3; i++) {
      assertServed(hello(bridge, partner));
    }
    assertRateLimited(bridge, partner);
    for (int i = 0; i < 5; i++) {
      assertServed(hello(bridge, both));
    }
    assertRateLimited(bridge, both);
  }

  @Test
  void anonymousCallers_behindATrustedProxy_areToldApartByXForwardedFor() {
    TestBridge bridge =
        bridge(ONE_REQUEST, Map.of("SWITCHBOARD_HTTP_TRUSTED_PROXIES", "127.0.0.1/32,::1"));
    Map<String, String> first = Map.of("X-Forwarded-For", "198.51.100.1");
    Map<String, String> second = Map.of("X-Forwarded-For", "6.6.6.6, 198.51.100.2");

    assertServed(hello(bridge, first));
    assertServed(hello(bridge, second));
    assertRateLimited(bridge, first);
    assertRateLimited(bridge, Map.of("X-Forwarded-For", "7.7.7.7, 198.51.100.2"));
  }

  @Test
  void anonymousCallers_withoutTrustedProxies_areTheirSocketAddress() {
    TestBridge bridge = bridge(ONE_REQUEST);

    assertServed(hello(bridge, Map.of("X-Forwarded-For", "198.51.100.1")));
    assertRateLimited(bridge, Map.of("X-Forwarded-For", "198.51.100.2"));
  }

  @Test
  void webSocketInit_countsAsARequest_andOverTheRateClosesWith1013() {
    TestBridge bridge = bridge(ONE_REQUEST);
    assertServed(hello(bridge, Map.of()));

    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.send(Map.of("type", "connection_init", "payload", Map.of()));

      GraphQLWsClient.Closed closed = client.awaitClose();
      assertEquals(1013, closed.code());
      assertTrue(closed.reason().startsWith("Try again later: Too many requests"), closed.reason());
    }
  }

  @Test
  void webSocketsPerCaller_overTheCap_closeWith1013_untilOneCloses() {
    TestBridge bridge = bridge("rateLimits:\n  maxWebSocketsPerCaller: 2\n");
    try (GraphQLWsClient first = GraphQLWsClient.connect(bridge).init(Map.of());
        GraphQLWsClient second = GraphQLWsClient.connect(bridge).init(Map.of());
        GraphQLWsClient third = GraphQLWsClient.connect(bridge)) {
      third.send(Map.of("type", "connection_init", "payload", Map.of()));

      GraphQLWsClient.Closed closed = third.awaitClose();
      assertEquals(1013, closed.code());
      assertEquals(
          "Try again later: too many WebSocket connections for this caller (the limit is 2)",
          closed.reason());
      assertEquals(1.0, rateLimitedTotal(bridge, "websockets"));

      first.closeNormally();
      try (GraphQLWsClient again = GraphQLWsClient.connect(bridge)) {
        again.init(Map.of());
      }
    }
  }
}
