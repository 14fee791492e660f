package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.audit.AuditListener;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The audit trail: one JSON line per NATS call on {@code switchboard.audit}, captured in this JVM,
 * including calls that authorization refused before anything was sent.
 */
@Timeout(60)
class AuditIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static final TestIssuer issuer = TestIssuer.create();

  final Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditListener.LOGGER);
  final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  Level previousLevel;
  boolean previousAdditivity;

  Responder responder;
  String prefix;
  TestBridge bridge;

  @BeforeEach
  void start() {
    previousLevel = auditLogger.getLevel();
    previousAdditivity = auditLogger.isAdditive();
    captured.start();
    auditLogger.addAppender(captured);
    auditLogger.setLevel(Level.INFO);
    auditLogger.setAdditive(false);

    Connection services = nats.connect();
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(
            """
        type Query {
          invoices(tenant: ID!): [Invoice] @natsRequest(subject: "%1$s.{{ args.tenant }}.invoices", timeout: "3s", retries: 0)
          failing: String @natsRequest(subject: "%1$s.acme.failing", timeout: "3s", retries: 0)
          nobody: String @natsRequest(subject: "%1$s.acme.nobody", timeout: "3s", retries: 0)
          order: Order @natsRequest(subject: "%1$s.acme.order", timeout: "3s", retries: 0)
        }
        type Invoice { id: ID! }
        type Order {
          id: ID!
          customerId: ID!
          customer: Customer @natsRequest(subject: "%1$s.acme.customers.{{ parent.customerId }}", timeout: "3s")
        }
        type Customer { name: String }
        """
                .formatted(prefix),
            "dev: true\n"
                + issuer.authYaml()
                + """
          anonymous:
            enabled: true
            role: guest
        authorization:
          roles:
            customer:
              request: ["%1$s.{{ claims.tenant }}.>"]
            guest:
              request: ["%1$s.public.>"]
        """
                    .formatted(prefix));
    responder =
        Responder.builder(services, "audited", "1.0.0")
            .endpoint(
                "invoices", prefix + ".*.invoices", request -> Reply.json("[{\"id\":\"i-1\"}]"))
            .endpoint(
                "failing",
                prefix + ".acme.failing",
                request -> {
                  throw new ServiceException(503, "ledger is closed");
                })
            .endpoint(
                "order",
                prefix + ".acme.order",
                request -> Reply.json("{\"id\":\"o-1\",\"customerId\":\"c-7\"}"))
            .endpoint(
                "customers",
                prefix + ".acme.customers.*",
                request -> Reply.json("{\"name\":\"Ada\"}"))
            .start();
  }

  @AfterEach
  void stop() {
    responder.close();
    auditLogger.detachAppender(captured);
    auditLogger.setLevel(previousLevel);
    auditLogger.setAdditive(previousAdditivity);
    captured.stop();
  }

  @Test
  void successfulCall_isOneRecord_withEveryField() {
    Response response = as(customer("acme"), "{ invoices(tenant: \"acme\") { id } }");

    JsonNode record = onlyRecord();
    assertEquals(0, response.errors().size(), response.toString());
    assertEquals("alice", record.path("who").asText());
    assertEquals(List.of("customer"), strings(record.path("roles")));
    assertEquals("request", record.path("action").asText());
    assertEquals(prefix + ".acme.invoices", record.path("subject").asText());
    assertEquals("Query.invoices", record.path("field").asText());
    assertEquals("invoices", record.path("path").asText());
    assertEquals("OK", record.path("outcome").asText());
    assertEquals(1, record.path("attempts").asInt());
    assertTrue(record.path("latencyMs").isNumber(), record.toString());
    double latency = record.path("latencyMs").asDouble();
    assertTrue(latency >= 0 && latency < 3000, record.toString());
    assertEquals(response.header("X-Correlation-Id"), record.path("correlationId").asText());
    assertTrue(record.path("time").isTextual());
  }

  @Test
  void serviceError_isRecordedAsServiceError() {
    Response response = as(customer("acme"), "{ failing }");

    JsonNode record = onlyRecord();
    assertEquals("SERVICE_ERROR", response.firstCode());
    assertEquals("SERVICE_ERROR", record.path("outcome").asText());
    assertEquals(1, record.path("attempts").asInt());
    assertEquals("Query.failing", record.path("field").asText());
    assertEquals(response.header("X-Correlation-Id"), record.path("correlationId").asText());
  }

  @Test
  void noResponders_isRecordedAsServiceUnavailable() {
    Response response = as(customer("acme"), "{ nobody }");

    assertEquals("SERVICE_UNAVAILABLE", response.firstCode());
    assertEquals("SERVICE_UNAVAILABLE", onlyRecord().path("outcome").asText());
  }

  @Test
  void forbiddenCall_isRecordedWithZeroAttempts_andNothingIsSent() {
    try (SubjectSpy spy = new SubjectSpy(nats.connect(), prefix + ".globex.>")) {
      Response response = as(customer("acme"), "{ invoices(tenant: \"globex\") { id } }");

      JsonNode record = onlyRecord();
      assertEquals("FORBIDDEN", response.firstCode());
      assertEquals("FORBIDDEN", record.path("outcome").asText());
      assertEquals(0, record.path("attempts").asInt());
      assertEquals(
          prefix + ".globex.invoices",
          record.path("subject").asText(),
          "the refused subject is audited");
      assertEquals("alice", record.path("who").asText());
      assertEquals(response.header("X-Correlation-Id"), record.path("correlationId").asText());
      assertEquals(0, spy.messages().size());
    }
  }

  @Test
  void nestedCalls_areOneRecordEach_withTheirFieldAndPath() {
    Response response = as(customer("acme"), "{ order { id customer { name } } }");

    List<JsonNode> records = records(2);
    assertEquals(
        "Ada",
        response.data().path("order").path("customer").path("name").asText(),
        response.toString());
    Map<String, JsonNode> byField = new HashMap<>();
    records.forEach(record -> byField.put(record.path("field").asText(), record));
    assertEquals("order", byField.get("Query.order").path("path").asText());
    assertEquals("order/customer", byField.get("Order.customer").path("path").asText());
    assertEquals(
        prefix + ".acme.customers.c-7", byField.get("Order.customer").path("subject").asText());
    records.forEach(
        record ->
            assertEquals(
                response.header("X-Correlation-Id"), record.path("correlationId").asText()));
  }

  @Test
  void anonymousCaller_isRecordedAsAnonymous_withItsRole() {
    Response response = bridge.client().query("{ invoices(tenant: \"public\") { id } }");

    JsonNode record = onlyRecord();
    assertEquals(0, response.errors().size(), response.toString());
    assertEquals("anonymous", record.path("who").asText());
    assertEquals(List.of("guest"), strings(record.path("roles")));
    assertEquals("OK", record.path("outcome").asText());
  }

  @Test
  void hostileClaimsAndCorrelationId_stayOneLineOfValidJson() {
    String subject = "mallory\"}\r\n{\"who\":\"root\",\"outcome\":\"OK\"}\t\\";
    String token =
        issuer.tokenFor(
            subject,
            claims -> claims.claim("roles", List.of("customer", "x\"\n]")).claim("tenant", "acme"));
    String correlationId = "req-\"quoted\"\\{}";

    Response response =
        bridge
            .client()
            .post(
                GraphQLClient.body(
                    "{ a: invoices(tenant: \"acme\") { id } "
                        + "b: invoices(tenant: \"globex\") { id } }",
                    null,
                    null),
                Map.of("Authorization", "Bearer " + token, "X-Request-Id", correlationId));

    assertEquals(correlationId, response.header("X-Correlation-Id"));
    List<ILoggingEvent> events = awaitEvents(2);
    for (ILoggingEvent event : events) {
      String line = event.getFormattedMessage();
      assertFalse(line.contains("\n") || line.contains("\r"), "one line: " + line);
      JsonNode record = parse(line);
      assertEquals(subject, record.path("who").asText(), "the claim is kept exactly, escaped");
      assertEquals(List.of("customer", "x\"\n]"), strings(record.path("roles")));
      assertEquals(correlationId, record.path("correlationId").asText());
    }
    assertEquals(
        List.of("FORBIDDEN", "OK"),
        events.stream()
            .map(e -> parse(e.getFormattedMessage()).path("outcome").asText())
            .sorted()
            .toList());
  }

  // ---- helpers ----

  private String customer(String tenant) {
    return issuer.tokenFor(
        "alice", claims -> claims.claim("roles", List.of("customer")).claim("tenant", tenant));
  }

  private Response as(String token, String query) {
    return bridge.client().queryAs(token, query);
  }

  private JsonNode onlyRecord() {
    return records(1).get(0);
  }

  /**
   * Exactly {@code count} records of this test's calls (waiting briefly for stragglers), parsed.
   */
  private List<JsonNode> records(int count) {
    return awaitEvents(count).stream().map(event -> parse(event.getFormattedMessage())).toList();
  }

  private List<ILoggingEvent> awaitEvents(int count) {
    long until = System.currentTimeMillis() + 2000;
    List<ILoggingEvent> mine = mine();
    while (mine.size() < count && System.currentTimeMillis() < until) {
      sleep(20);
      mine = mine();
    }
    sleep(100); // a record too many would arrive now
    mine = mine();
    assertEquals(count, mine.size(), "audit records: " + mine);
    mine.forEach(event -> assertEquals(Level.INFO, event.getLevel()));
    return mine;
  }

  private List<ILoggingEvent> mine() {
    List<ILoggingEvent> all;
    synchronized (captured) { // the appender adds under this lock
      all = new ArrayList<>(captured.list);
    }
    List<ILoggingEvent> mine = new ArrayList<>();
    for (ILoggingEvent event : all) {
      if (event.getFormattedMessage().contains(prefix)) {
        mine.add(event);
      }
    }
    return mine;
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode record = JSON.readTree(line);
      assertNotNull(record);
      assertTrue(record.isObject(), line);
      return record;
    } catch (IOException notJson) {
      throw new UncheckedIOException("not one JSON object: " + line, notJson);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError(interrupted);
    }
  }
}
