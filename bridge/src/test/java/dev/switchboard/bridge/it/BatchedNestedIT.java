package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.bridge.audit.AuditListener;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.SseClient.Event;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.responder.BatchItemError;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * {@code batchKey}: the parents of one execution level share ONE request per subject, with body
 * {@code {"keys": [...]}} and an array reply; per-item errors stay on their paths.
 */
@Timeout(60)
class BatchedNestedIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, String> REGIONS = Map.of("c1", "r1", "c2", "r2", "c3", "r1");
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static final TestIssuer issuer = TestIssuer.create();

  String prefix;
  Connection services;
  final List<Responder> responders = new ArrayList<>();
  final List<SubjectSpy> spies = new ArrayList<>();

  @BeforeEach
  void start() {
    prefix = Subjects.uniquePrefix();
    services = nats.connect();
    responders.add(
        Responder.builder(services, "orders", "1.0.0")
            .endpoint("list", prefix + ".orders.list", request -> Reply.json(orders(20)))
            .endpoint("three", prefix + ".orders.three", request -> Reply.json(orders(3)))
            .endpoint(
                "unsafe",
                prefix + ".orders.unsafe",
                request ->
                    Reply.json(
                        "[{\"id\":\"1\",\"customerId\":\"c1\"},{\"id\":\"2\",\"customerId\":\"c1.>\"},"
                            + "{\"id\":\"3\",\"customerId\":\"a b\"}]"))
            .endpoint(
                "gaps",
                prefix + ".orders.gaps",
                request ->
                    Reply.json(
                        "[{\"id\":\"1\",\"customerId\":\"c1\"},{\"id\":\"2\",\"customerId\":\"gone\"},"
                            + "{\"id\":\"3\",\"customerId\":\"bad\"},{\"id\":\"4\"},"
                            + "{\"id\":\"5\",\"customerId\":\"c1\"}]"))
            .batchEndpoint(
                "customers",
                prefix + ".customers.batch",
                (keys, request) ->
                    keys.stream()
                        .map(
                            key ->
                                switch (key) {
                                  case "gone" -> null;
                                  case "bad" -> new BatchItemError(404, "no customer bad");
                                  default ->
                                      Map.of(
                                          "id",
                                          key,
                                          "name",
                                          "name of " + key,
                                          "regionId",
                                          REGIONS.get(key));
                                })
                        .toList())
            .batchEndpoint(
                "regions",
                prefix + ".regions.batch",
                (keys, request) ->
                    keys.stream().map(key -> Map.of("name", "region " + key)).toList())
            .endpoint("short", prefix + ".customers.short", request -> Reply.json("[null]"))
            .start());
  }

  @AfterEach
  void stop() {
    spies.forEach(SubjectSpy::close);
    responders.forEach(Responder::close);
  }

  private TestBridge bridge(String extraYaml) {
    return nats.startBridge(
        """
        type Query {
          orders: [Order!]! @natsRequest(subject: "%1$s.orders.list", timeout: "3s")
          three: [Order!]! @natsRequest(subject: "%1$s.orders.three", timeout: "3s")
          unsafe: [Order!]! @natsRequest(subject: "%1$s.orders.unsafe", timeout: "3s")
          gaps: [Order!]! @natsRequest(subject: "%1$s.orders.gaps", timeout: "3s")
        }
        type Order {
          id: ID!
          customerId: ID
          customer: Customer @natsRequest(subject: "%1$s.customers.batch", batchKey: "{{ parent.customerId }}", timeout: "3s")
          customerInPairs: Customer @natsRequest(subject: "%1$s.customers.batch", batchKey: "{{ parent.customerId }}", maxBatch: 2, timeout: "3s")
          customerShort: Customer @natsRequest(subject: "%1$s.customers.short", batchKey: "{{ parent.customerId }}", timeout: "3s")
        }
        type Customer {
          id: ID!
          name: String!
          regionId: ID
          region: Region @natsRequest(subject: "%1$s.regions.batch", batchKey: "{{ parent.regionId }}", timeout: "3s")
        }
        type Region { name: String! }
        type Mutation { placeOrders: [Order!]! @natsRequest(subject: "%1$s.orders.three", timeout: "3s") }
        type Subscription { orderEvents: Order @natsSubscribe(subjects: ["%1$s.events"]) }
        """
            .formatted(prefix),
        extraYaml);
  }

  private SubjectSpy spy(String subject) {
    SubjectSpy spy = new SubjectSpy(nats.connect(), prefix + "." + subject);
    spies.add(spy);
    return spy;
  }

  @Test
  void twentyOrdersOverThreeCustomers_isOneBatchRequestWithThreeKeys() throws Exception {
    TestBridge bridge = bridge("");
    SubjectSpy customers = spy("customers.>");

    Response response = bridge.client().query("{ orders { id customer { id name } } }");

    assertEquals(0, response.errors().size(), response.text());
    JsonNode orders = response.data().path("orders");
    assertEquals(20, orders.size());
    for (int i = 0; i < 20; i++) {
      String customer = "c" + (i % 3 + 1);
      assertEquals("name of " + customer, orders.path(i).path("customer").path("name").asText());
    }
    List<Message> sent = customers.messages();
    assertEquals(1, sent.size(), "one request for all 20 parents");
    assertEquals("{\"keys\":[\"c1\",\"c2\",\"c3\"]}", body(sent.get(0)));
  }

  @Test
  void nullItem_isNull_andErrorItem_failsOnlyItsPaths_andMissingKey_sendsNothing()
      throws Exception {
    TestBridge bridge = bridge("");
    SubjectSpy customers = spy("customers.>");

    Response response = bridge.client().query("{ gaps { id customer { name } } }");

    JsonNode gaps = response.data().path("gaps");
    assertEquals("name of c1", gaps.path(0).path("customer").path("name").asText());
    assertTrue(gaps.path(1).path("customer").isNull(), response.text());
    assertTrue(gaps.path(2).path("customer").isNull());
    assertTrue(gaps.path(3).path("customer").isNull());
    assertEquals("name of c1", gaps.path(4).path("customer").path("name").asText());
    assertEquals(1, response.errors().size(), response.text());
    JsonNode error = response.errors().path(0);
    assertEquals("[\"gaps\",2,\"customer\"]", error.path("path").toString());
    assertEquals("SERVICE_ERROR", error.path("extensions").path("code").asText());
    assertEquals(404, error.path("extensions").path("serviceCode").asInt());
    assertEquals("no customer bad", error.path("message").asText());
    List<Message> sent = customers.messages();
    assertEquals(1, sent.size());
    assertEquals("{\"keys\":[\"c1\",\"gone\",\"bad\"]}", body(sent.get(0)));
  }

  @Test
  void replyOfTheWrongLength_isBadReplyForEveryItemOfTheBatch() {
    TestBridge bridge = bridge("");

    Response response = bridge.client().query("{ three { id customerShort { name } } }");

    assertEquals(3, response.data().path("three").size(), response.text());
    assertEquals(3, response.errors().size(), response.text());
    for (int i = 0; i < 3; i++) {
      assertTrue(response.data().path("three").path(i).path("customerShort").isNull());
      JsonNode error = response.errors().path(i);
      assertEquals("BAD_REPLY", error.path("extensions").path("code").asText(), error.toString());
      assertTrue(error.path("extensions").path("correlationId").isTextual(), error.toString());
    }
  }

  @Test
  void maxBatchTwo_splitsThreeKeysIntoTwoRequests() throws Exception {
    TestBridge bridge = bridge("");
    SubjectSpy customers = spy("customers.>");

    Response response = bridge.client().query("{ orders { customerInPairs { name } } }");

    assertEquals(0, response.errors().size(), response.text());
    assertEquals(
        "name of c3",
        response.data().path("orders").path(2).path("customerInPairs").path("name").asText());
    List<String> bodies = customers.messages().stream().map(BatchedNestedIT::body).toList();
    assertEquals(List.of("{\"keys\":[\"c1\",\"c2\"]}", "{\"keys\":[\"c3\"]}"), bodies);
  }

  @Test
  void twoLevels_areOneBatchPerLevel() throws Exception {
    TestBridge bridge = bridge("");
    SubjectSpy customers = spy("customers.>");
    SubjectSpy regions = spy("regions.>");

    Response response =
        bridge.client().query("{ orders { id customer { name region { name } } } }");

    assertEquals(0, response.errors().size(), response.text());
    assertEquals(
        "region r2",
        response
            .data()
            .path("orders")
            .path(1)
            .path("customer")
            .path("region")
            .path("name")
            .asText());
    assertEquals(1, customers.messages().size());
    List<Message> regionRequests = regions.messages();
    assertEquals(1, regionRequests.size());
    assertEquals("{\"keys\":[\"r1\",\"r2\"]}", body(regionRequests.get(0)));
  }

  @Test
  void batchedFields_countOneCallPerLevel_againstMaxNatsCalls() {
    // unbatched, this query would be 1 + 20 + 20 calls; batched it is 3
    TestBridge bridge = bridge("limits:\n  maxNatsCalls: 3\n");

    Response response =
        bridge.client().query("{ orders { id customer { name region { name } } } }");

    assertEquals(0, response.errors().size(), response.text());
    assertEquals(20, response.data().path("orders").size());
  }

  @Test
  void keysThatAreNotOneSafeToken_failTheirItems_andAreNeverSent() throws Exception {
    TestBridge bridge = bridge("");
    SubjectSpy customers = spy("customers.batch");

    Response response = bridge.client().query("{ unsafe { id customer { name } } }");

    assertEquals(
        "name of c1",
        response.data().path("unsafe").path(0).path("customer").path("name").asText(),
        response.text());
    assertEquals(2, response.errors().size(), response.text());
    response
        .errors()
        .forEach(
            error ->
                assertEquals(
                    "BAD_USER_INPUT",
                    error.path("extensions").path("code").asText(),
                    error.toString()));
    assertEquals(1, customers.messages().size());
    assertEquals(
        "{\"keys\":[\"c1\"]}",
        new String(customers.messages().get(0).getData(), StandardCharsets.UTF_8),
        "only the safe key is sent");
  }

  @Test
  void permissionsRefusingTheBatchSubject_forbidEveryItem_andSendNothing() {
    TestBridge bridge =
        bridge(
            "dev: true\n"
                + issuer.authYaml()
                + """
              anonymous:
                enabled: true
                role: guest
            authorization:
              roles:
                guest:
                  request: ["%1$s.orders.>"]
            """
                    .formatted(prefix));
    SubjectSpy customers = spy("customers.>");

    Response response = bridge.client().query("{ three { id customer { name } } }");

    assertEquals(3, response.data().path("three").size(), response.text());
    assertEquals(3, response.errors().size(), response.text());
    response
        .errors()
        .forEach(
            error ->
                assertEquals(
                    "FORBIDDEN", error.path("extensions").path("code").asText(), error.toString()));
    assertEquals(0, customers.messages().size(), "nothing reached NATS");
  }

  @Test
  void aBatch_isOneAuditRecord_withItsKeyCount() throws Exception {
    Logger auditLogger = (Logger) LoggerFactory.getLogger(AuditListener.LOGGER);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    Level previousLevel = auditLogger.getLevel();
    captured.start();
    auditLogger.addAppender(captured);
    auditLogger.setLevel(Level.INFO);
    try {
      TestBridge bridge = bridge("");

      Response response = bridge.client().query("{ orders { customer { name } } }");

      assertEquals(0, response.errors().size(), response.text());
      List<JsonNode> batches = new ArrayList<>();
      for (ILoggingEvent event : List.copyOf(captured.list)) {
        JsonNode record = JSON.readTree(event.getFormattedMessage());
        if (record.path("subject").asText().endsWith(".customers.batch")) {
          batches.add(record);
        }
      }
      assertEquals(1, batches.size(), captured.list.toString());
      assertEquals(3, batches.get(0).path("batchSize").asInt());
      assertEquals("Order.customer", batches.get(0).path("field").asText());
      assertEquals("OK", batches.get(0).path("outcome").asText());
    } finally {
      auditLogger.detachAppender(captured);
      auditLogger.setLevel(previousLevel);
    }
  }

  @Test
  void mutationResults_batchTheirNestedFieldToo() throws Exception {
    TestBridge bridge = bridge("");
    SubjectSpy customers = spy("customers.>");

    Response response = bridge.client().query("mutation { placeOrders { customer { name } } }");

    assertEquals(0, response.errors().size(), response.text());
    assertEquals(
        "name of c3",
        response.data().path("placeOrders").path(2).path("customer").path("name").asText());
    List<Message> sent = customers.messages();
    assertEquals(1, sent.size());
    assertEquals("{\"keys\":[\"c1\",\"c2\",\"c3\"]}", body(sent.get(0)));
  }

  @Test
  void subscriptionEvents_resolveTheirBatchedFieldAsABatchOfOne() throws Exception {
    TestBridge bridge = bridge("");
    SubjectSpy customers = spy("customers.>");
    try (SseClient client =
        SseClient.post(
            bridge.port(),
            GraphQLClient.body("subscription { orderEvents { id customer { name } } }", null, null),
            Map.of())) {
      Event event = null;
      for (int attempt = 0; attempt < 100 && event == null; attempt++) {
        services.publish(
            prefix + ".events",
            "{\"id\":\"9\",\"customerId\":\"c2\"}".getBytes(StandardCharsets.UTF_8));
        event = client.poll(Duration.ofMillis(100));
      }

      assertTrue(event != null, "the subscription never went live");
      JsonNode result = event.json();
      assertEquals(
          "name of c2",
          result.path("data").path("orderEvents").path("customer").path("name").asText(),
          result.toString());
      assertTrue(result.path("errors").isMissingNode(), result.toString());
      assertEquals("{\"keys\":[\"c2\"]}", body(customers.messages().get(0)));
    }
  }

  @Test
  void listLevelCompletion_answersAsTheStandardStrategy_withOneRequestPerBatch_alsoOnFallback()
      throws Exception {
    // the bridge strategy completes these lists a whole level at once and, for error items, bad
    // replies, a missing key or an unsafe key, hands them to graphql-java with the values it has
    TestBridge standard = bridge("graphql:\n  executionStrategy: standard\n");
    TestBridge bridge = bridge("");
    // each query and the requests it must send: one per batch (maxBatch 2 splits three keys)
    Map<String, Integer> queries =
        Map.of(
            "{ gaps { id customer { name } } }",
            1,
            "{ three { id customerShort { name } } }",
            1,
            "{ unsafe { id customer { name } } }",
            1,
            "{ three { id a: customer { name } b: customer { id } customerInPairs { id } } }",
            3,
            "query ($no: Boolean!) { gaps { ...F customer @skip(if: $no) { id } } }"
                + " fragment F on Order { customer { name __typename } id }",
            1);
    for (Map.Entry<String, Integer> each : queries.entrySet()) {
      String query = each.getKey();
      List<String> standardSent = new ArrayList<>();
      JsonNode expected = normalised(sentBy(standard, query, standardSent));
      List<String> bridgeSent = new ArrayList<>();
      JsonNode actual = normalised(sentBy(bridge, query, bridgeSent));

      assertEquals(expected, actual, query);
      assertEquals(standardSent, bridgeSent, query);
      assertEquals(each.getValue(), bridgeSent.size(), query + " sent " + bridgeSent);
    }
  }

  /**
   * The requests a query sends to the customer subjects: everything the bridge published before a
   * later request of its own (one connection delivers in order) arrived.
   */
  private Response sentBy(TestBridge bridge, String query, List<String> sent) {
    SubjectSpy all = spy(">");
    Response response =
        query.contains("$no")
            ? bridge.client().query(query, Map.of("no", false))
            : bridge.client().query(query);
    bridge.client().query("{ orders { id } }"); // the barrier
    List<Message> seen = new ArrayList<>();
    Probes.awaitTrue(
        () -> {
          seen.clear();
          seen.addAll(all.messages());
          return seen.stream().anyMatch(m -> m.getSubject().endsWith(".orders.list"));
        },
        () -> "the barrier request never arrived");
    for (Message message : seen) {
      if (message.getSubject().endsWith(".orders.list")) {
        break;
      }
      if (message.getSubject().contains(".customers.")) {
        sent.add(message.getSubject() + " " + body(message));
      }
    }
    return response;
  }

  /** The response without its per-request correlation ids. */
  private static JsonNode normalised(Response response) throws Exception {
    JsonNode json = JSON.readTree(response.text());
    for (JsonNode error : json.path("errors")) {
      ((ObjectNode) error.path("extensions")).remove("correlationId");
    }
    return json;
  }

  private static String orders(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> "{\"id\":\"" + i + "\",\"customerId\":\"c" + (i % 3 + 1) + "\"}")
        .toList()
        .toString();
  }

  private static String body(Message message) {
    return new String(message.getData(), StandardCharsets.UTF_8);
  }
}
