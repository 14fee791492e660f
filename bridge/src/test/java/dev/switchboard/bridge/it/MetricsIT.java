package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Scrape;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.net.http.WebSocketHandshakeException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} after real traffic: the latency histograms' buckets move with load (NATS calls,
 * GraphQL operations by name, HTTP requests), errors are counted by code and refusals by limit, and
 * the HTTP in-flight gauge returns when requests and WebSockets end. Each test reads differences
 * between two scrapes, so the tests share one bridge.
 */
@Timeout(60)
class MetricsIT {
  static final String SDL =
      """
      type Query { hello: String @natsRequest(subject: "%1$s.hello", timeout: "2s") }
      type Subscription { ticks: String @natsSubscribe(subjects: ["%1$s.ticks"]) }
      """;
  static final int LOAD = 7;
  static final String[] NO_PROTOCOL = {};

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static String prefix;
  static Connection connection;
  static TestBridge bridge;

  @BeforeAll
  static void start() {
    prefix = Subjects.uniquePrefix();
    connection = nats.connect();
    Responders.answering(connection, "hello", prefix + ".hello", "\"hi\"");
    bridge =
        nats.startBridge(
            SDL.formatted(prefix),
            "limits:\n  maxAliases: 1\n",
            Map.of("SWITCHBOARD_HTTP_MAX_BODY_BYTES", "4096"));
  }

  @AfterAll
  static void stop() {
    bridge.close();
  }

  private static Response post(String query, String operationName) {
    return bridge.client().post(GraphQLClient.body(query, null, operationName), Map.of());
  }

  @Test
  void natsCallHistogram_underLoad_everyBucketUpToTheCallsLatencyMoves() {
    Map<String, String> hello =
        Map.of("field", "Query.hello", "outcome", "OK", "action", "request");
    Scrape before = Scrape.of(bridge);

    for (int i = 0; i < LOAD; i++) {
      assertEquals("hi", post("{ hello }", null).data().path("hello").asText());
    }

    Scrape after = Scrape.of(bridge);
    String bucket = "switchboard_nats_calls_seconds_bucket";
    assertEquals(LOAD, moved(before, after, bucket, hello, "+Inf"));
    // the explicit bounds, 5 ms to 10 s: a local round trip is below 10 s
    assertEquals(LOAD, moved(before, after, bucket, hello, "10.0"));
    assertEquals(12, after.count(bucket, hello));
    assertEquals(LOAD, delta(before, after, "switchboard_nats_calls_seconds_count", hello));
  }

  @Test
  void operationHistogram_namedAndAnonymousOperations_countedUnderTheirTypeAndName() {
    Map<String, String> named = Map.of("type", "query", "name", "Greeting");
    Map<String, String> anonymous = Map.of("type", "query", "name", "anonymous");
    Scrape before = Scrape.of(bridge);

    for (int i = 0; i < LOAD; i++) {
      post("query Greeting { hello }", "Greeting");
    }
    post("{ hello }", null);

    Scrape after = Scrape.of(bridge);
    String bucket = "switchboard_graphql_operations_seconds_bucket";
    assertEquals(LOAD, moved(before, after, bucket, named, "+Inf"));
    assertEquals(LOAD, moved(before, after, bucket, named, "10.0"));
    assertEquals(1, moved(before, after, bucket, anonymous, "+Inf"));
  }

  @Test
  void httpMetrics_requestsServed_countedByMethodAndStatusWithTheirBytes() {
    Map<String, String> posts = Map.of("method", "POST", "status", "2xx");
    Scrape before = Scrape.of(bridge);

    for (int i = 0; i < LOAD; i++) {
      post("{ hello }", null);
    }

    Scrape after = Scrape.of(bridge);
    assertEquals(LOAD, delta(before, after, "switchboard_http_requests_seconds_count", posts));
    assertEquals(
        LOAD, moved(before, after, "switchboard_http_requests_seconds_bucket", posts, "+Inf"));
    String body = GraphQLClient.body("{ hello }", null, null);
    // the scrape that took `before` ended before these requests: its response counts too
    assertTrue(
        delta(before, after, "switchboard_http_request_size_bytes_sum", Map.of())
            >= LOAD * body.length());
    assertTrue(delta(before, after, "switchboard_http_response_size_bytes_sum", Map.of()) > 0);
  }

  @Test
  void inFlight_afterRequestsAndAWebSocketSession_isOnlyTheScrapeItself() {
    post("{ hello }", null);
    try (GraphQLWsClient ws = GraphQLWsClient.connect(bridge)) {
      ws.init(Map.of());
      assertEquals(1.0, Scrape.of(bridge).sum("switchboard_http_requests_in_flight", Map.of()));
    }

    Probes.awaitTrue(
        () -> Scrape.of(bridge).sum("switchboard_http_requests_in_flight", Map.of()) == 1,
        () ->
            "in flight: " + Scrape.of(bridge).sum("switchboard_http_requests_in_flight", Map.of()));
  }

  @Test
  void httpMetrics_refusedWebSocketHandshake_countedAsA4xx() {
    Map<String, String> refusedGets = Map.of("method", "GET", "status", "4xx");
    Scrape before = Scrape.of(bridge);

    // a handshake offering no sub-protocol is refused before the upgrade
    CompletionException refused =
        assertThrows(
            CompletionException.class,
            () -> GraphQLWsClient.connect(bridge, Map.of(), NO_PROTOCOL));

    assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
    Scrape after = Scrape.of(bridge);
    assertEquals(1, delta(before, after, "switchboard_http_requests_seconds_count", refusedGets));
  }

  @Test
  void errorsAndRefusals_overTheAliasLimit_countedByCodeAndLimitAndNothingSent() {
    Scrape before = Scrape.of(bridge);

    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response refused = post("{ a: hello b: hello }", null);
      assertEquals("QUERY_TOO_COMPLEX", refused.firstCode(), refused.text());
      assertEquals(0, spy.messages().size());
    }

    Scrape after = Scrape.of(bridge);
    assertEquals(
        1, delta(before, after, "switchboard_errors_total", Map.of("code", "QUERY_TOO_COMPLEX")));
    assertEquals(
        1,
        delta(before, after, "switchboard_refusals_total", Map.of("limit", "limits.maxAliases")));
  }

  @Test
  void errors_unparsableDocument_countedOnce() {
    Scrape before = Scrape.of(bridge);

    assertEquals("GRAPHQL_PARSE_FAILED", post("{ hello", null).firstCode());

    Scrape after = Scrape.of(bridge);
    assertEquals(
        1,
        delta(before, after, "switchboard_errors_total", Map.of("code", "GRAPHQL_PARSE_FAILED")));
  }

  @Test
  void refusals_bodyOverMaxBodyBytes_countedUnderItsKey() {
    Scrape before = Scrape.of(bridge);

    Response refused = post("{ hello }" + " ".repeat(8192), null);

    assertEquals(413, refused.status(), refused.text());
    Scrape after = Scrape.of(bridge);
    assertEquals(
        1,
        delta(before, after, "switchboard_refusals_total", Map.of("limit", "http.maxBodyBytes")));
    assertEquals(
        1,
        delta(
            before,
            after,
            "switchboard_http_requests_seconds_count",
            Map.of("method", "POST", "status", "4xx")));
  }

  @Test
  void metrics_scraperAcceptingOpenMetrics_getsOpenMetrics() {
    Response scraped =
        bridge
            .client()
            .send(
                "GET",
                "/metrics",
                null,
                Map.of("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5"));

    assertEquals(200, scraped.status());
    assertTrue(scraped.header("Content-Type").startsWith("application/openmetrics-text"));
    assertTrue(scraped.text().endsWith("# EOF\n"), scraped.text());
  }

  private static double delta(Scrape before, Scrape after, String name, Map<String, String> tags) {
    return after.sum(name, tags) - before.sum(name, tags);
  }

  /** How much the bucket {@code le} of the series with these tags grew between the scrapes. */
  private static double moved(
      Scrape before, Scrape after, String name, Map<String, String> tags, String le) {
    Map<String, String> bucket = new HashMap<>(tags);
    bucket.put("le", le);
    return delta(before, after, name, bucket);
  }
}
