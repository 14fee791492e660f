package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        }
        input Filter { region: String }
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
