package dev.switchboard.bridge.it;

import static dev.switchboard.bridge.it.GraphQLOverHttpIT.assertContentType;
import static dev.switchboard.bridge.it.GraphQLOverHttpIT.assertRequestError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default operation limits, checked before anything runs: an operation over one is refused with
 * HTTP 400 and {@code QUERY_TOO_COMPLEX}, over HTTP, WebSocket and SSE alike, and a spy on the
 * whole prefix proves that not one NATS message was sent for it.
 */
@Timeout(60)
class OperationLimitsIT {
  static final String SDL =
      """
      type Query {
        echo(msg: String!): String @natsRequest(subject: "%1$s.echo", timeout: "1s", retries: 0)
        order(id: ID!): Order @natsRequest(subject: "%1$s.orders.get.{{ args.id }}", timeout: "1s", retries: 0)
        orders: [Order!]! @natsRequest(subject: "%1$s.orders.list", timeout: "1s", retries: 0)
      }
      type Subscription {
        orderEvents(id: ID!): Order @natsSubscribe(subjects: ["%1$s.events.{{ args.id }}"])
      }
      type Order {
        id: ID!
        customerId: ID!
        customer: Customer @natsRequest(subject: "%1$s.customers.get.{{ parent.customerId }}", timeout: "1s", retries: 0)
        payment: Payment @natsRequest(subject: "%1$s.payments.get.{{ parent.id }}", timeout: "1s", retries: 0)
        lines: [Line!]!
      }
      type Line {
        sku: ID!
        product: Product @natsRequest(subject: "%1$s.products.get.{{ parent.sku }}", timeout: "1s", retries: 0)
      }
      type Product { name: String }
      type Customer { name: String!, referrer: Customer }
      type Payment { state: String! }
      """;

  /** The attack: 800 aliases, 5,600 NATS requests before limits existed. */
  static final String ATTACK =
      IntStream.range(0, 800)
          .mapToObj(i -> "o" + i + ": orders { customer { name } payment { state } }")
          .collect(Collectors.joining(" ", "{ ", " }"));

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();
  static String prefix;
  static TestBridge bridge;
  SubjectSpy spy;

  @BeforeAll
  static void start() {
    prefix = Subjects.uniquePrefix();
    bridge = nats.startBridge(SDL.formatted(prefix));
  }

  @BeforeEach
  void listen() {
    spy = nats.spy(prefix + ".>");
  }

  static String repeat(int times, String selection) {
    return IntStream.range(0, times)
        .mapToObj(i -> selection.formatted(i))
        .collect(Collectors.joining(" "));
  }

  static Stream<Arguments> overOneDefaultLimit() {
    return Stream.of(
        Arguments.of(
            "{ order(id: \"1\") { customer { "
                + "referrer { ".repeat(10)
                + "name"
                + " }".repeat(12)
                + " }",
            "The operation is 13 fields deep; the limit is 12 (limits.maxDepth)."),
        Arguments.of(
            "{ order(id: \"1\") { " + repeat(31, "a%d: id") + " } }",
            "The operation has 31 aliases; the limit is 30 (limits.maxAliases)."),
        Arguments.of(
            "{ " + repeat(21, "echo(msg: \"x\")") + " }",
            "The operation has 21 root fields; the limit is 20 (limits.maxRootFields)."),
        Arguments.of(
            "{ order(id: \"1\") { " + repeat(300, "id") + " } }",
            "The operation has 301 fields; the limit is 300 (limits.maxFields)."),
        Arguments.of(
            "{ orders { lines { product { name } } } }",
            "The operation may make 101 NATS calls; the limit is 50 (limits.maxNatsCalls)."),
        Arguments.of(
            ATTACK, "The operation has 800 aliases; the limit is 30 (limits.maxAliases)."));
  }

  @ParameterizedTest
  @MethodSource("overOneDefaultLimit")
  void operationOverADefaultLimit_is400QueryTooComplex_namingTheLimit_andSendsNothing(
      String query, String message) {
    Response response = bridge.client().query(query);

    assertRequestError(400, "QUERY_TOO_COMPLEX", response);
    assertContentType(GraphQLOverHttpIT.GRAPHQL_RESPONSE, response);
    assertEquals(message, response.errors().path(0).path("message").asText());
    assertTrue(response.json().path("data").isMissingNode(), response::toString);
    assertEquals(0, spy.messages().size(), "nothing may reach NATS");
  }

  @Test
  void operationAtTheLimits_runs() {
    Response response =
        bridge.client().query("{ order(id: \"1\") { " + repeat(30, "a%d: id") + " } }");

    assertEquals("TIMEOUT", response.firstCode(), "sent, and nobody answers: " + response);
    assertEquals(1, spy.messages().size());
  }

  @Test
  void documentWithSeveralOperations_isCheckedForTheOneItRuns() {
    String document =
        "query Small { echo(msg: \"x\") } query Big { " + repeat(21, "echo(msg: \"x\")") + " }";

    Response big = bridge.client().post(GraphQLClient.body(document, null, "Big"), Map.of());
    assertRequestError(400, "QUERY_TOO_COMPLEX", big);
    assertEquals(0, spy.messages().size());

    Response small = bridge.client().post(GraphQLClient.body(document, null, "Small"), Map.of());
    assertEquals("TIMEOUT", small.firstCode(), small::toString);
    assertEquals(1, spy.messages().size());
  }

  @Test
  void operationOverALimit_overSse_is400BeforeAnyStream() {
    Response response =
        bridge
            .client()
            .post(GraphQLClient.body(ATTACK, null, null), Map.of("Accept", "text/event-stream"));

    assertRequestError(400, "QUERY_TOO_COMPLEX", response);
    assertEquals(0, spy.messages().size());
  }

  @Test
  void subscriptionOverALimit_overSse_subscribesNothing() {
    String subscription =
        "subscription { orderEvents(id: \"o1\") { " + repeat(31, "a%d: id") + " } }";

    Response response =
        bridge
            .client()
            .post(
                GraphQLClient.body(subscription, null, null),
                Map.of("Accept", "text/event-stream"));

    assertRequestError(400, "QUERY_TOO_COMPLEX", response);
    assertEquals(0, bridgeInterestIn(prefix + ".events.o1"));
  }

  @Test
  void queryOverALimit_overWebSocket_isRefused_andSendsNothing() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());

      client.subscribe("1", ATTACK, Map.of());

      assertRefused(client, "The operation has 800 aliases; the limit is 30 (limits.maxAliases).");
      assertEquals(0, spy.messages().size());
    }
  }

  @Test
  void subscriptionOverALimit_overWebSocket_isRefused_andSubscribesNothing() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());

      client.subscribe(
          "1",
          "subscription { orderEvents(id: \"o2\") { customer { "
              + "referrer { ".repeat(11)
              + "name"
              + " }".repeat(12)
              + " } }",
          Map.of());

      assertRefused(client, "The operation is 14 fields deep; the limit is 12 (limits.maxDepth).");
      assertEquals(0, bridgeInterestIn(prefix + ".events.o2"));
    }
  }

  /** NATS subscriptions on {@code subject} besides this test's spy. */
  static int bridgeInterestIn(String subject) {
    return Probes.subscriptionsMatching(nats.server(), subject) - 1;
  }

  /**
   * The refusal as Vert.x's graphql-transport-ws handler sends a result without data: one {@code
   * next} with the errors, then {@code complete}.
   */
  static void assertRefused(GraphQLWsClient client, String text) {
    JsonNode message = client.nextOf("1");
    assertEquals("next", message.path("type").asText(), message::toString);
    JsonNode error = message.path("payload").path("errors").path(0);
    assertEquals(
        "QUERY_TOO_COMPLEX", error.path("extensions").path("code").asText(), message::toString);
    assertEquals(text, error.path("message").asText());
    assertTrue(error.path("extensions").path("correlationId").isTextual(), message::toString);
    assertTrue(message.path("payload").path("data").isMissingNode(), message::toString);
    assertEquals("complete", client.nextOf("1").path("type").asText());
  }
}
