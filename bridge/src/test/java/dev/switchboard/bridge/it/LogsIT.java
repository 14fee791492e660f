package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.graphql.ErrorRenderer;
import dev.switchboard.bridge.http.AccessRecord;
import dev.switchboard.bridge.logging.JsonLogEncoder;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The bridge's own log lines while it serves requests, captured in this JVM: each carries its
 * request's correlation id and trace (across the NATS reply thread and the hops back to the event
 * loop), nothing stale is left on a thread afterwards, and the access log writes one line per
 * request and WebSocket session, refusals included, without secrets.
 */
@Timeout(60)
class LogsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_SPAN = "00f067aa0ba902b7";
  static final String PROBE_LOGGER = "logs-it.probe";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();
  static final TestIssuer issuer = TestIssuer.create();

  /** Keeps each line's thread and MDC as they were when it was logged (else read lazily, here). */
  final ListAppender<ILoggingEvent> captured =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent line) {
          line.prepareForDeferredProcessing();
          super.append(line);
        }
      };

  final Map<Logger, Level> previousLevels = new HashMap<>();
  final JsonLogEncoder encoder = new JsonLogEncoder();
  final String token =
      issuer.tokenFor("alice", claims -> claims.claim("roles", List.of("customer")));
  String prefix;
  Responder responder;
  TestBridge bridge;

  @BeforeEach
  void capture() {
    captured.start();
    capture("dev.switchboard.bridge.calls", Level.DEBUG);
    capture(ErrorRenderer.class.getName(), Level.DEBUG);
    capture(AccessRecord.LOGGER, Level.INFO);
    capture(PROBE_LOGGER, Level.INFO);
    prefix = Subjects.uniquePrefix();
    responder =
        Responder.builder(nats.connect(), "logged", "1.0.0")
            .endpoint("ok", prefix + ".ok", request -> Reply.json("\"fine\""))
            .endpoint(
                "failing",
                prefix + ".failing",
                request -> {
                  throw new ServiceException(503, "ledger is closed");
                })
            .start();
  }

  @AfterEach
  void release() {
    if (bridge != null) {
      bridge.close();
    }
    responder.close();
    previousLevels.forEach(
        (logger, level) -> {
          logger.detachAppender(captured);
          logger.setLevel(level);
          logger.setAdditive(true);
        });
    captured.stop();
  }

  @Test
  void requestLines_carryTheRequestsCorrelationIdAndTrace_onEveryThread() {
    start("");

    Response response = mixed(Map.of("X-Correlation-Id", "logs-it-1"));

    assertEquals("SERVICE_ERROR", response.firstCode(), response.toString());
    // two attempts and two calls, the field error, the access line
    List<ILoggingEvent> lines = awaitLines(6);
    for (ILoggingEvent line : lines) {
      Map<String, String> mdc = line.getMDCPropertyMap();
      assertEquals("logs-it-1", mdc.get("correlationId"), describe(line));
      assertEquals(TRACE_ID, mdc.get("traceId"), describe(line));
      assertEquals(PARENT_SPAN, mdc.get("spanId"), describe(line));
      JsonNode json = encoded(line);
      assertEquals("logs-it-1", json.path("correlationId").asText());
      assertEquals(TRACE_ID, json.path("traceId").asText());
      assertFalse(json.path("message").asText().contains("{}"), json.toString());
    }
    assertTrue(
        lines.stream()
            .anyMatch(line -> line.getFormattedMessage().contains("failed with SERVICE_ERROR")),
        "the failed call is logged: " + lines);
  }

  @Test
  void generatedCorrelationId_isTheOneOnTheLines() {
    start("");

    Response response = mixed(Map.of());

    String generated = response.header("X-Correlation-Id");
    assertNotNull(generated);
    for (ILoggingEvent line : awaitLines(6)) {
      assertEquals(generated, line.getMDCPropertyMap().get("correlationId"), describe(line));
    }
  }

  @Test
  void accessLine_hasTheRequestsFields_andNoSecret() {
    start("");

    Response response = mixed(Map.of("X-Correlation-Id", "logs-it-2"));

    ILoggingEvent access = onlyAccessLine();
    Map<String, Object> fields = fields(access);
    assertEquals("POST", fields.get("method"));
    assertEquals("/graphql", fields.get("path"));
    assertEquals(response.status(), fields.get("status"));
    assertTrue(((Number) fields.get("durationMs")).longValue() >= 0, fields.toString());
    assertEquals("Mixed", fields.get("operation"));
    assertEquals("alice", fields.get("caller"));
    assertTrue(((Number) fields.get("bytesIn")).longValue() > 0, fields.toString());
    assertEquals((long) response.text().length(), ((Number) fields.get("bytesOut")).longValue());
    assertEquals("logs-it-2", access.getMDCPropertyMap().get("correlationId"));
    assertEquals(TRACE_ID, access.getMDCPropertyMap().get("traceId"));
    assertNoSecret(awaitLines(6));
  }

  @Test
  void refusals_areAccessLogged_withTheirStatus_andNoToken() {
    start("", Map.of("SWITCHBOARD_HTTP_MAX_BODY_BYTES", "512"));
    GraphQLClient client = bridge.client();
    String forged = token.substring(0, token.length() - 4) + "AAAA";

    int unauthorized =
        client.post(GraphQLClient.body("{ ok }", null, null), bearer(forged)).status();
    int unsupported =
        client
            .post(
                "{ ok }", Map.of("content-type", "text/plain", "Authorization", "Bearer " + token))
            .status();
    int tooLarge =
        client
            .post(GraphQLClient.body("{ ok }" + " ".repeat(1024), null, null), bearer(token))
            .status();
    int malformed = client.post("{not json", bearer(token)).status();

    assertEquals(
        List.of(401, 415, 413, 400), List.of(unauthorized, unsupported, tooLarge, malformed));
    Probes.awaitTrue(() -> accessLines().size() == 4, () -> "access lines: " + accessLines());
    assertEquals(
        List.of(400, 401, 413, 415),
        accessLines().stream().map(line -> (Integer) fields(line).get("status")).sorted().toList());
    for (ILoggingEvent line : accessLines()) {
      assertNotNull(line.getMDCPropertyMap().get("correlationId"), describe(line));
    }
    assertNoSecret(accessLines(), forged);
  }

  @Test
  void rateLimitRefusal_isAccessLogged() {
    start("rateLimits:\n  requestsPerSecond: 0.01\n  burst: 1\n");

    bridge.client().queryAs(token, "{ ok }");
    Response refused = bridge.client().queryAs(token, "{ ok }");

    assertEquals(429, refused.status());
    Probes.awaitTrue(() -> accessLines().size() == 2, () -> "access lines: " + accessLines());
    assertEquals(429, fields(accessLines().get(1)).get("status"));
  }

  @Test
  void accessLogOff_writesNoAccessLine_butRequestLinesStay() {
    start("logging:\n  accessLog: false\n");

    mixed(Map.of("X-Correlation-Id", "logs-it-3"));

    List<ILoggingEvent> lines = awaitLines(5);
    assertEquals(List.of(), accessLines());
    lines.forEach(line -> assertEquals("logs-it-3", line.getMDCPropertyMap().get("correlationId")));
  }

  @Test
  void afterARequest_theEventLoopsNextLine_carriesNoStaleContext() {
    start("", Map.of("SWITCHBOARD_HTTP_EVENT_LOOPS", "1"));
    mixed(Map.of("X-Correlation-Id", "logs-it-4"));
    awaitLines(6);

    Response probe = bridge.client().send("GET", "/probe", null, Map.of());

    assertEquals(200, probe.status());
    ILoggingEvent line = awaitProbe();
    assertTrue(line.getThreadName().startsWith("vert.x-eventloop"), line.getThreadName());
    assertNull(line.getMDCPropertyMap().get("correlationId"), describe(line));
    assertNull(line.getMDCPropertyMap().get("traceId"), describe(line));
    assertNull(line.getMDCPropertyMap().get("spanId"), describe(line));
  }

  @Test
  void webSocketSession_isOneAccessLine_withCallerOperationsAndCloseCode() {
    start("");

    try (GraphQLWsClient socket =
        GraphQLWsClient.connect(bridge).init(Map.of("authorization", "Bearer " + token))) {
      socket.subscribe("1", "subscription Ticks { ticks }", Map.of());
      Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".ticks", 1);
      assertEquals(1000, socket.closeNormally().code());
    }

    Probes.awaitTrue(() -> accessLines().size() == 1, () -> "access lines: " + accessLines());
    ILoggingEvent access = accessLines().get(0);
    Map<String, Object> fields = fields(access);
    assertEquals(101, fields.get("status"));
    assertEquals(true, fields.get("websocket"));
    assertEquals("alice", fields.get("caller"));
    assertEquals(1, fields.get("operations"));
    assertEquals(1000, fields.get("closeCode"));
    assertNotNull(access.getMDCPropertyMap().get("correlationId"));
    assertNoSecret(List.of(access));
  }

  // ---- helpers ----

  private void start(String extraYaml) {
    start(extraYaml, Map.of());
  }

  private void start(String extraYaml, Map<String, String> env) {
    bridge =
        TestBridge.withRoutes(
            nats.server(),
            """
            type Query {
              ok: String @natsRequest(subject: "%1$s.ok", timeout: "3s", retries: 0)
              failing: String @natsRequest(subject: "%1$s.failing", timeout: "3s", retries: 0)
            }
            type Subscription {
              ticks: String @natsSubscribe(subjects: ["%1$s.ticks"])
            }
            """
                .formatted(prefix),
            "dev: true\n" + issuer.authYaml() + extraYaml,
            env,
            router ->
                router
                    .get("/probe")
                    .handler(
                        routing -> {
                          LoggerFactory.getLogger(PROBE_LOGGER).info("probe");
                          routing.response().end("probed");
                        }));
  }

  /** One request, one successful and one failing NATS call, with a traceparent. */
  private Response mixed(Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Authorization", "Bearer " + token);
    all.put("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN + "-01");
    return bridge
        .client()
        .post(GraphQLClient.body("query Mixed { ok failing }", null, "Mixed"), all);
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private void capture(String name, Level level) {
    Logger logger = (Logger) LoggerFactory.getLogger(name);
    previousLevels.put(logger, logger.getLevel());
    logger.addAppender(captured);
    logger.setLevel(level);
    logger.setAdditive(false);
  }

  private List<ILoggingEvent> all() {
    synchronized (captured) { // the appender adds under this lock
      return new ArrayList<>(captured.list);
    }
  }

  /** The request's lines (the probe's aside), once {@code count} have come, and any stragglers. */
  private List<ILoggingEvent> awaitLines(int count) {
    Probes.awaitTrue(() -> requestLines().size() >= count, () -> "lines: " + requestLines());
    return requestLines();
  }

  private List<ILoggingEvent> requestLines() {
    return all().stream().filter(line -> !line.getLoggerName().equals(PROBE_LOGGER)).toList();
  }

  private List<ILoggingEvent> accessLines() {
    return all().stream().filter(line -> line.getLoggerName().equals(AccessRecord.LOGGER)).toList();
  }

  private ILoggingEvent onlyAccessLine() {
    Probes.awaitTrue(() -> !accessLines().isEmpty(), () -> "no access line: " + all());
    assertEquals(1, accessLines().size(), accessLines().toString());
    return accessLines().get(0);
  }

  private ILoggingEvent awaitProbe() {
    Probes.awaitTrue(
        () -> all().stream().anyMatch(line -> line.getLoggerName().equals(PROBE_LOGGER)),
        () -> "no probe line: " + all());
    return all().stream()
        .filter(line -> line.getLoggerName().equals(PROBE_LOGGER))
        .findFirst()
        .get();
  }

  private static Map<String, Object> fields(ILoggingEvent line) {
    Map<String, Object> fields = new HashMap<>();
    if (line.getKeyValuePairs() != null) {
      for (KeyValuePair pair : line.getKeyValuePairs()) {
        fields.put(pair.key, pair.value);
      }
    }
    return fields;
  }

  private JsonNode encoded(ILoggingEvent line) {
    try {
      return JSON.readTree(new String(encoder.encode(line), StandardCharsets.UTF_8));
    } catch (IOException notJson) {
      throw new UncheckedIOException(notJson);
    }
  }

  private void assertNoSecret(List<ILoggingEvent> lines, String... moreTokens) {
    for (ILoggingEvent line : lines) {
      String text = new String(encoder.encode(line), StandardCharsets.UTF_8);
      assertFalse(text.contains(token), "the token is never logged: " + text);
      assertFalse(text.contains("Bearer"), "no Authorization value: " + text);
      for (String other : moreTokens) {
        assertFalse(text.contains(other), "a refused token is never logged: " + text);
      }
    }
  }

  private String describe(ILoggingEvent line) {
    return line.getThreadName()
        + " "
        + line.getLoggerName()
        + " "
        + line.getFormattedMessage()
        + " "
        + line.getMDCPropertyMap();
  }
}
