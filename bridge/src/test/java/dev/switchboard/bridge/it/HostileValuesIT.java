package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An argument that could reshape or widen a subject is refused with BAD_USER_INPUT and nothing at
 * all reaches NATS: a spy on the whole prefix ({@code prefix.>}) sees no message.
 */
@Timeout(60)
class HostileValuesIT {
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static Connection spyConnection;
  static String prefix;
  static TestBridge bridge;

  @BeforeAll
  static void start() {
    spyConnection = nats.connect();
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(
            """
        type Query {
          order(id: ID!): String @natsRequest(subject: "%1$s.orders.{{ args.id }}", timeout: "1s")
          byNumber(n: Int!): String @natsRequest(subject: "%1$s.numbers.{{ args.n }}", timeout: "1s")
          nested(input: Filter!): String @natsRequest(subject: "%1$s.filter.{{ args.input.region }}", timeout: "1s")
          named(name: String!): String @natsRequest(subject: "%1$s.names.{{ args.name }}", timeout: "1s")
          custom(key: Key!): String @natsRequest(subject: "%1$s.keys.{{ args.key }}", timeout: "1s")
        }
        input Filter { region: String }
        scalar Key
        """
                .formatted(prefix));
  }

  static Stream<String> hostileIds() {
    return Stream.of(
        "a.b",
        "*",
        ">",
        "a*",
        "orders.>",
        "",
        " ",
        "a b",
        "tab\there",
        "cr\rlf",
        "line\nbreak",
        "x\r\nPUB evil 1",
        "nul\u0000",
        "café",
        "\u202Eevil",
        "full\uFF0Ewidth",
        "x".repeat(129));
  }

  @ParameterizedTest
  @MethodSource("hostileIds")
  void hostileArgument_isRefused_andNothingIsSent(String id) {
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      Response response =
          bridge.client().query("query($id: ID!) { order(id: $id) }", Map.of("id", id));

      assertEquals("BAD_USER_INPUT", response.firstCode(), response.text());
      assertEquals(
          "args.id", response.errors().path(0).path("extensions").path("placeholder").asText());
      assertTrue(response.data().path("order").isNull());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS for " + id);
    }
  }

  /**
   * A list or an object is never one subject token. graphql-java's own ID turned such variables
   * into text ({@code "{a=b}"}, {@code "[1]"}); the bridge's ID refuses them as the spec says.
   */
  static Stream<Arguments> listsAndObjectsForBuiltInScalars() {
    return Stream.of(
        Arguments.of("query($v: ID!) { order(id: $v) }", Map.of("a", "b")),
        Arguments.of("query($v: ID!) { order(id: $v) }", List.of(1)),
        Arguments.of("query($v: ID!) { order(id: $v) }", List.of("x")),
        Arguments.of("query($v: ID!) { order(id: $v) }", List.of()),
        Arguments.of("query($v: ID!) { order(id: $v) }", true),
        Arguments.of("query($v: ID!) { order(id: $v) }", 1.5),
        Arguments.of("query($v: String!) { named(name: $v) }", Map.of("a", "b")),
        Arguments.of("query($v: String!) { named(name: $v) }", List.of("x")));
  }

  @ParameterizedTest
  @MethodSource("listsAndObjectsForBuiltInScalars")
  void listOrObjectVariable_forIdOrString_isBadUserInput_andNothingIsSent(
      String query, Object value) {
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      Response response = bridge.client().query(query, Map.of("v", value));

      assertEquals("BAD_USER_INPUT", response.firstCode(), response.text());
      assertTrue(
          response.errors().path(0).path("message").asText().startsWith("Variable 'v'"),
          response.text());
      assertTrue(response.data().isMissingNode(), "refused before execution: " + response.text());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS: " + response.text());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ order(id: [1]) }",
        "{ order(id: {a: \"b\"}) }",
        "{ named(name: [\"x\"]) }",
        "{ named(name: {a: \"b\"}) }"
      })
  void listOrObjectLiteral_forIdOrString_failsValidation_andNothingIsSent(String query) {
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      Response response = bridge.client().query(query);

      assertEquals("GRAPHQL_VALIDATION_FAILED", response.firstCode(), response.text());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS: " + response.text());
    }
  }

  /** A custom scalar carries any JSON; the subject rendering itself refuses a list or object. */
  static Stream<Arguments> listsAndObjectsForACustomScalar() {
    return Stream.of(
        Arguments.of("query($v: Key!) { custom(key: $v) }", Map.of("v", Map.of("a", "b"))),
        Arguments.of("query($v: Key!) { custom(key: $v) }", Map.of("v", List.of(1))),
        Arguments.of("query($v: Key!) { custom(key: $v) }", Map.of("v", List.of())),
        Arguments.of("{ custom(key: {a: \"b\"}) }", Map.of()),
        Arguments.of("{ custom(key: [1, 2]) }", Map.of()),
        Arguments.of("{ custom(key: [\"x\"]) }", Map.of()));
  }

  @ParameterizedTest
  @MethodSource("listsAndObjectsForACustomScalar")
  void listOrObject_forACustomScalar_isBadUserInputNamingThePlaceholder_andNothingIsSent(
      String query, Map<String, Object> variables) {
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      Response response = bridge.client().query(query, variables);

      assertEquals("BAD_USER_INPUT", response.firstCode(), response.text());
      JsonNode error = response.errors().path(0);
      assertEquals("args.key", error.path("extensions").path("placeholder").asText());
      assertTrue(error.path("message").asText().contains("not a single value"), response.text());
      assertTrue(response.data().path("custom").isNull());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS: " + response.text());
    }
  }

  @Test
  void objectVariableForAnId_saysWhatAnIdMayBe() {
    Response response =
        bridge.client().query("query($v: ID!) { order(id: $v) }", Map.of("v", Map.of("a", "b")));

    assertEquals(
        "Variable 'v' has an invalid value: An ID must be a string or an integer, not an object.",
        response.errors().path(0).path("message").asText(),
        response.text());
  }

  @Test
  void integerVariableForAnId_isStillOneToken_andIsSent() {
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      Response response =
          bridge.client().query("query($v: ID!) { order(id: $v) }", Map.of("v", 42));

      assertEquals("TIMEOUT", response.firstCode(), "the spy hears it but never answers");
      assertEquals(prefix + ".orders.42", spy.messages().get(0).getSubject());
    }
  }

  @Test
  void hostileValueInsideAnInputObject_isRefusedToo() {
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      Response response = bridge.client().query("{ nested(input: {region: \"eu.>\"}) }");

      assertEquals("BAD_USER_INPUT", response.firstCode());
      assertEquals(0, spy.messages().size());
    }
  }

  @Test
  void missingNestedValue_isRefused() {
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      assertEquals("BAD_USER_INPUT", bridge.client().query("{ nested(input: {}) }").firstCode());
      assertEquals(0, spy.messages().size());
    }
  }

  @Test
  void negativeNumber_isASingleTokenAndIsSent() {
    try (SubjectSpy spy = new SubjectSpy(spyConnection, prefix + ".>")) {
      Response response = bridge.client().query("{ byNumber(n: -5) }");

      assertEquals(
          "TIMEOUT", response.firstCode(), "the spy hears the request but never answers it");
      assertEquals(prefix + ".numbers.-5", spy.messages().get(0).getSubject());
    }
  }
}
