package dev.switchboard.bridge.it;

import static dev.switchboard.bridge.it.GraphQLOverHttpIT.assertRequestError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import graphql.introspection.IntrospectionQuery;
import io.nats.client.Connection;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Introspection ({@code __schema}, {@code __type}) is answered in dev mode or when {@code
 * graphql.introspection} is true, and otherwise refused as a validation error before anything runs,
 * over HTTP, SSE and WebSocket alike. {@code __typename} always works.
 */
@Timeout(60)
class IntrospectionIT {
  static final String SDL =
      """
      type Query { order(id: ID!): Order @natsRequest(subject: "%1$s.orders.{{ args.id }}", timeout: "1s") }
      type Order { id: ID! }
      """;
  static final String SCHEMA_QUERY = "{ __schema { queryType { name } } }";
  static final String DISABLED = "Introspection is disabled on this server.";

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  Connection spyConnection;
  String prefix;

  @BeforeEach
  void start() {
    spyConnection = nats.connect();
    prefix = Subjects.uniquePrefix();
  }

  TestBridge bridge(String yaml) {
    return nats.startBridge(SDL.formatted(prefix), yaml);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        SCHEMA_QUERY,
        "{ __type(name: \"Order\") { name } }",
        "{ ...Peek } fragment Peek on Query { __type(name: \"Order\") { fields { name } } }"
      })
  void introspection_byDefault_isRefusedAsAValidationError(String query) {
    Response response = bridge("").client().query(query);

    assertRequestError(400, "GRAPHQL_VALIDATION_FAILED", response);
    assertEquals(DISABLED, response.errors().path(0).path("message").asText());
  }

  @Test
  void introspectionBesideANatsField_byDefault_runsNothing() {
    TestBridge bridge = bridge("");
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      Response response =
          bridge.client().query("{ order(id: \"1\") { id } __type(name: \"Order\") { name } }");

      assertRequestError(400, "GRAPHQL_VALIDATION_FAILED", response);
      assertEquals(0, spy.messages().size(), "nothing may reach NATS");
    }
  }

  @Test
  void typename_byDefault_isAnswered() {
    Response response = bridge("").client().query("{ __typename }");

    assertEquals("{\"__typename\":\"Query\"}", response.data().toString(), response::toString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev: true\n", "graphql:\n  introspection: true\n"})
  void introspection_inDevModeOrSwitchedOn_isAnswered(String yaml) {
    Response response = bridge(yaml).client().query(SCHEMA_QUERY);

    assertEquals(
        "Query",
        response.data().path("__schema").path("queryType").path("name").asText(),
        response::toString);
  }

  @Test
  void introspection_switchedOffInDevMode_isRefused() {
    Response response =
        bridge("dev: true\ngraphql:\n  introspection: false\n").client().query(SCHEMA_QUERY);

    assertRequestError(400, "GRAPHQL_VALIDATION_FAILED", response);
  }

  @Test
  void graphiqlsIntrospectionQuery_inDevMode_passesTheDefaultLimits() {
    Response response =
        bridge("dev: true\n")
            .client()
            .post(
                GraphQLClient.body(
                    IntrospectionQuery.INTROSPECTION_QUERY, null, "IntrospectionQuery"),
                Map.of());

    assertEquals(200, response.status(), response::toString);
    assertTrue(response.errors().isMissingNode(), response::toString);
    JsonNode types = response.data().path("__schema").path("types");
    assertTrue(types.size() > 5, response::toString);
  }

  @Test
  void introspection_byDefault_overSse_isRefused() {
    Response response =
        bridge("")
            .client()
            .post(
                GraphQLClient.body(SCHEMA_QUERY, null, null),
                Map.of("Accept", "text/event-stream"));

    assertRequestError(400, "GRAPHQL_VALIDATION_FAILED", response);
  }

  @Test
  void introspection_byDefault_overWebSocket_isRefused() {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge(""))) {
      client.init(Map.of());

      client.subscribe("1", SCHEMA_QUERY, Map.of());

      JsonNode message = client.nextOf("1");
      assertEquals("next", message.path("type").asText(), message::toString);
      JsonNode error = message.path("payload").path("errors").path(0);
      assertEquals("GRAPHQL_VALIDATION_FAILED", error.path("extensions").path("code").asText());
      assertEquals(DISABLED, error.path("message").asText());
      assertTrue(message.path("payload").path("data").isMissingNode(), message::toString);
    }
  }
}
