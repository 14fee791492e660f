package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
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
 * The GraphQL-over-HTTP spec as the bridge implements it, over a real socket, with a real service
 * behind.
 */
@Timeout(60)
class GraphQLOverHttpIT {
  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  static final String ORDER_QUERY = "{ order(id: \"1\") { id total } }";
  static final Pattern INTERNALS =
      Pattern.compile(
          "Exception|\\tat |\\bjava\\.|\\bio\\.vertx|\\bio\\.nats|\\bdev\\.switchboard|\\bcom\\.fasterxml");
  static final String SDL =
      """
      type Query {
        order(id: ID!): Order @natsRequest(subject: "%1$s.order.{{ args.id }}", timeout: "2s", retries: 0)
        orders(limit: Int): [Order!]! @natsRequest(subject: "%1$s.list", timeout: "2s", retries: 0)
      }
      type Mutation {
        placeOrder(total: Float!): Order @natsRequest(subject: "%1$s.place", timeout: "2s")
      }
      type Subscription { orderEvents: Order }
      type Order { id: ID!, total: Float }
      """;

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static Connection services;
  static String prefix;
  static TestBridge bridge;
  SubjectSpy spy;

  @BeforeAll
  static void start() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    Responder.builder(services, "orders", "1.0.0")
        .endpoint(
            "get",
            prefix + ".order.*",
            request ->
                Reply.json(
                    "{\"id\":\""
                        + request.subject().substring(request.subject().lastIndexOf('.') + 1)
                        + "\",\"total\":42.5}"))
        .endpoint(
            "list", prefix + ".list", request -> Reply.json("[{\"id\":\"1\",\"total\":42.5}]"))
        .endpoint("place", prefix + ".place", request -> Reply.json("{\"id\":\"9\",\"total\":1.5}"))
        .start();
    bridge = nats.startBridge(SDL.formatted(prefix));
  }

  @BeforeEach
  void listen() {
    spy = nats.spy(prefix + ".>");
  }

  GraphQLClient client() {
    return bridge.client();
  }

  @Test
  void post_withoutAccept_answersApplicationJson() {
    Response response =
        client()
            .send(
                "POST",
                "/graphql",
                GraphQLClient.body(ORDER_QUERY, null, null),
                Map.of("content-type", "application/json"));

    assertEquals(200, response.status(), response::toString);
    assertContentType("application/json", response);
    assertEquals(42.5, response.data().path("order").path("total").asDouble());
  }

  @Test
  void post_acceptingAnything_answersApplicationJson() {
    Response response =
        client().post(GraphQLClient.body(ORDER_QUERY, null, null), Map.of("accept", "*/*"));

    assertEquals(200, response.status(), response::toString);
    assertContentType("application/json", response);
    assertEquals("1", response.data().path("order").path("id").asText());
  }

  @Test
  void post_askingForGraphQLResponseJson_answersIt() {
    Response response =
        client()
            .post(GraphQLClient.body(ORDER_QUERY, null, null), Map.of("accept", GRAPHQL_RESPONSE));

    assertEquals(200, response.status(), response::toString);
    assertContentType(GRAPHQL_RESPONSE, response);
  }

  @Test
  void get_withoutAccept_answersApplicationJson() {
    Response response =
        client()
            .send(
                "GET",
                "/graphql?query=" + URLEncoder.encode(ORDER_QUERY, StandardCharsets.UTF_8),
                null,
                Map.of());

    assertEquals(200, response.status(), response::toString);
    assertContentType("application/json", response);
    assertEquals("1", response.data().path("order").path("id").asText());
  }

  @Test
  void get_acceptingAnything_answersApplicationJson() {
    Response response = client().get(Map.of("query", ORDER_QUERY), Map.of("Accept", "*/*"));

    assertEquals(200, response.status(), response::toString);
    assertContentType("application/json", response);
  }

  @Test
  void parseError_withoutAccept_is200InApplicationJson() {
    Response response =
        client()
            .send(
                "POST",
                "/graphql",
                GraphQLClient.body("{ order(", null, null),
                Map.of("content-type", "application/json"));

    assertEquals(200, response.status(), response::toString);
    assertContentType("application/json", response);
  }

  @Test
  void post_acceptingOnlyJson_answersApplicationJson() {
    Response response =
        client()
            .post(
                GraphQLClient.body(ORDER_QUERY, null, null), Map.of("accept", "application/json"));

    assertEquals(200, response.status(), response::toString);
    assertContentType("application/json", response);
    assertEquals("1", response.data().path("order").path("id").asText());
  }

  @Test
  void get_query_runs() {
    Response response =
        client()
            .get(
                Map.of(
                    "query",
                    "query($id: ID!) { order(id: $id) { id } }",
                    "variables",
                    "{\"id\":\"7\"}"),
                Map.of());

    assertEquals(200, response.status(), response::toString);
    assertEquals("7", response.data().path("order").path("id").asText());
  }

  @Test
  void get_mutation_is405WithAllowPost_andSendsNothing() {
    Response response =
        client().get(Map.of("query", "mutation { placeOrder(total: 1.5) { id } }"), Map.of());

    assertRequestError(405, "BAD_REQUEST", response);
    assertEquals("POST", response.header("Allow"));
    assertTrue(spy.messages().isEmpty(), "a mutation over GET must not reach NATS");
  }

  @Test
  void post_mutation_runs() {
    Response response = client().query("mutation { placeOrder(total: 1.5) { id total } }");

    assertEquals(200, response.status(), response::toString);
    assertEquals("9", response.data().path("placeOrder").path("id").asText());
  }

  @Test
  void parseError_is400GraphQLParseFailed() {
    Response response = client().query("{ order(id: ");

    assertRequestError(400, "GRAPHQL_PARSE_FAILED", response);
    assertContentType(GRAPHQL_RESPONSE, response);
    assertTrue(response.data().isMissingNode(), "no data on a request error: " + response);
  }

  @Test
  void parseError_acceptingOnlyJson_is200() {
    Response response =
        client()
            .post(
                GraphQLClient.body("{ order(id: ", null, null),
                Map.of("accept", "application/json"));

    assertRequestError(200, "GRAPHQL_PARSE_FAILED", response);
    assertContentType("application/json", response);
  }

  @Test
  void unknownField_is400ValidationFailed() {
    Response response = client().query("{ order(id: \"1\") { id nope } }");

    assertRequestError(400, "GRAPHQL_VALIDATION_FAILED", response);
    assertTrue(
        response.errors().path(0).path("message").asText().contains("nope"), response::toString);
    assertTrue(spy.messages().isEmpty(), "an invalid document must not reach NATS");
  }

  @Test
  void variableOfTheWrongType_is400BadUserInput_andSendsNothing() {
    Response response =
        client()
            .query("query($limit: Int) { orders(limit: $limit) { id } }", Map.of("limit", "many"));

    assertRequestError(400, "BAD_USER_INPUT", response);
    assertTrue(spy.messages().isEmpty(), "nothing is sent when variables do not coerce");
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("missing query", "{\"variables\":{}}", "'query' is required"),
        Arguments.of("empty body", "", "body is empty"),
        Arguments.of("not JSON", "query { order }", "not valid JSON"),
        Arguments.of(
            "a second document after the first",
            "{\"query\":\"{ orders { id } }\"} {\"query\":\"{ orders { id } }\"}",
            "not valid JSON"),
        Arguments.of(
            "a number with leading zeros",
            "{\"query\":\"{ orders { id } }\",\"variables\":{\"n\":007}}",
            "not valid JSON"),
        Arguments.of(
            "JSON array (batching)",
            "[{\"query\":\"{ orders { id } }\"}]",
            "Batched requests are not supported"),
        Arguments.of("JSON string", "\"{ orders { id } }\"", "must be a JSON object"),
        Arguments.of(
            "variables not an object",
            "{\"query\":\"{ orders { id } }\",\"variables\":[1]}",
            "'variables' must be a JSON object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badBody_is400BadRequest_withAClearMessage(String what, String body, String expectedMessage) {
    Response response = client().post(body, Map.of());

    assertRequestError(400, "BAD_REQUEST", response);
    String message = response.errors().path(0).path("message").asText();
    assertTrue(message.contains(expectedMessage), what + ": " + message);
    assertTrue(spy.messages().isEmpty());
  }

  @Test
  void textPlainContentType_is415() {
    Response response =
        client()
            .post(
                GraphQLClient.body(ORDER_QUERY, null, null), Map.of("content-type", "text/plain"));

    assertRequestError(415, "BAD_REQUEST", response);
    assertTrue(spy.messages().isEmpty());
  }

  @Test
  void bodyOverTheLimit_is413WithAJsonError() {
    try (TestBridge small =
        TestBridge.start(
            nats.server(),
            SDL.formatted(prefix),
            "",
            Map.of("SWITCHBOARD_HTTP_MAX_BODY_BYTES", "1024"))) {
      String padded = "{ orders { id } }" + " ".repeat(2000);

      Response response = small.client().query(padded);

      assertRequestError(413, "BAD_REQUEST", response);
      assertContentType("application/json", response);
      assertEquals(
          200, small.client().query("{ orders { id } }").status(), "a small body still works");
    }
  }

  @Test
  void put_is405() {
    Response response =
        client()
            .send(
                "PUT",
                "/graphql",
                GraphQLClient.body(ORDER_QUERY, null, null),
                Map.of("content-type", "application/json"));

    assertRequestError(405, "BAD_REQUEST", response);
    assertTrue(response.header("Allow").contains("POST"), response.header("Allow"));
    assertTrue(spy.messages().isEmpty());
  }

  @Test
  void acceptingOnlyHtml_is406() {
    Response response =
        client().post(GraphQLClient.body(ORDER_QUERY, null, null), Map.of("accept", "text/html"));

    assertRequestError(406, "BAD_REQUEST", response);
    assertTrue(spy.messages().isEmpty());
  }

  @Test
  void unknownPath_is404Json() {
    Response response = client().send("GET", "/nowhere", null, Map.of());

    assertRequestError(404, "BAD_REQUEST", response);
    assertContentType("application/json", response);
  }

  @Test
  void severalOperations_withoutOperationName_is400() {
    Response response =
        client().query("query A { order(id: \"1\") { id } } query B { order(id: \"2\") { id } }");

    assertRequestError(400, "BAD_REQUEST", response);
    assertTrue(
        response.errors().path(0).path("message").asText().contains("operationName"),
        response::toString);
    assertTrue(spy.messages().isEmpty());
  }

  @Test
  void severalOperations_withOperationName_runTheNamedOne() {
    String document = "query A { order(id: \"1\") { id } } query B { order(id: \"2\") { id } }";

    Response response = client().post(GraphQLClient.body(document, null, "B"), Map.of());

    assertEquals(200, response.status(), response::toString);
    assertEquals("2", response.data().path("order").path("id").asText());
    assertEquals(
        1,
        spy.messages().stream().filter(m -> m.getSubject().startsWith(prefix + ".order.")).count());
  }

  @Test
  void severalOperations_withAnUnknownOperationName_is400() {
    String document = "query A { order(id: \"1\") { id } } query B { order(id: \"2\") { id } }";

    Response response = client().post(GraphQLClient.body(document, null, "C"), Map.of());

    assertRequestError(400, "BAD_REQUEST", response);
    assertTrue(
        response.errors().path(0).path("message").asText().contains("'C'"), response::toString);
  }

  @Test
  void subscriptionOverHttp_is400() {
    Response response = client().query("subscription { orderEvents { id } }");

    assertRequestError(400, "BAD_REQUEST", response);
    assertTrue(
        response.errors().path(0).path("message").asText().contains("WebSocket"),
        response::toString);
  }

  @Test
  void clientRequestId_isTheCorrelationIdOfTheErrors() {
    Response response =
        client()
            .post(GraphQLClient.body("{ nope }", null, null), Map.of("X-Request-Id", "req-123"));

    assertRequestError(400, "GRAPHQL_VALIDATION_FAILED", response);
    assertEquals("req-123", response.header("X-Correlation-Id"));
  }

  @Test
  void repeatedIdenticalQueries_keepWorking() {
    for (int i = 0; i < 5; i++) {
      Response response = client().query(ORDER_QUERY);
      assertEquals(200, response.status(), "attempt " + i + ": " + response);
      assertEquals("1", response.data().path("order").path("id").asText());
    }
  }

  @Test
  void invalidQuery_failsTheSameWayTwice() {
    Response first = client().query("{ order(id: \"1\") { id missing } }");
    Response second = client().query("{ order(id: \"1\") { id missing } }");

    assertRequestError(400, "GRAPHQL_VALIDATION_FAILED", first);
    assertRequestError(400, "GRAPHQL_VALIDATION_FAILED", second);
    assertEquals(first.errors().path(0).path("message"), second.errors().path(0).path("message"));
    assertNotEquals(
        first.header("X-Correlation-Id"),
        second.header("X-Correlation-Id"),
        "a cached validation result must not keep the first request's correlation id");
  }

  /**
   * A request error: this status and code on every error, the response's correlation id, no
   * internals.
   */
  static void assertRequestError(int status, String code, Response response) {
    assertEquals(status, response.status(), response::toString);
    String correlationId = response.header("X-Correlation-Id");
    assertNotNull(correlationId, "X-Correlation-Id header missing: " + response);
    JsonNode errors = response.errors();
    assertTrue(errors.isArray() && errors.size() > 0, "no errors: " + response);
    assertEquals(code, response.firstCode(), response::toString);
    for (JsonNode error : errors) {
      assertFalse(
          error.path("extensions").path("code").asText().isEmpty(),
          "error without a code: " + error);
      assertEquals(
          correlationId, error.path("extensions").path("correlationId").asText(), error::toString);
    }
    assertFalse(
        INTERNALS.matcher(response.text()).find(), "internal detail leaked: " + response.text());
  }

  static void assertContentType(String mediaType, Response response) {
    String contentType = response.header("content-type");
    assertTrue(
        contentType != null && contentType.startsWith(mediaType), "content-type " + contentType);
  }
}
