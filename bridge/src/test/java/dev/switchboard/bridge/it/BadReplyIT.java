package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A reply that is not JSON, or not JSON of the field's shape, is BAD_REPLY, never silent nulls. */
@Timeout(30)
class BadReplyIT {
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static TestBridge bridge;
  static TestBridge devBridge;

  /** What the "echo" service answers next, by key. */
  static final Map<String, String> replies = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    Connection services = nats.connect();
    String prefix = Subjects.uniquePrefix();
    Responder.builder(services, "echo", "1.0.0")
        .endpoint(
            "echo",
            prefix + ".echo.*",
            request ->
                Reply.json(
                    replies.get(
                        request.subject().substring(request.subject().lastIndexOf('.') + 1))))
        .start();
    String sdl =
        """
        type Query {
          order(k: ID!): Order @natsRequest(subject: "%1$s.echo.{{ args.k }}")
          orders(k: ID!): [Order] @natsRequest(subject: "%1$s.echo.{{ args.k }}")
          count(k: ID!): Int @natsRequest(subject: "%1$s.echo.{{ args.k }}")
          mustCount(k: ID!): Int! @natsRequest(subject: "%1$s.echo.{{ args.k }}")
          state(k: ID!): State @natsRequest(subject: "%1$s.echo.{{ args.k }}")
        }
        type Order { id: ID!, total: Float, lines: [Line!] }
        type Line { sku: String! }
        enum State { OPEN CLOSED }
        """
            .formatted(prefix);
    bridge = nats.startBridge(sdl);
    devBridge = nats.startBridge(sdl, "dev: true\n");
  }

  @ParameterizedTest(name = "{0} answering {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{ order(k: \"a\") { id } }                 | not json",
        "{ order(k: \"b\") { id } }                 | \"a string\"",
        "{ order(k: \"c\") { id } }                 | [1,2]",
        "{ orders(k: \"d\") { id } }                | {\"id\":\"1\"}",
        "{ count(k: \"e\") }                         | {\"n\":1}",
        "{ count(k: \"f\") }                         | \"abc\"",
        "{ mustCount(k: \"g\") }                     | null",
        "{ order(k: \"h\") { id } }                 | {\"total\":1}",
        "{ order(k: \"i\") { id total } }           | {\"id\":\"1\",\"total\":\"much\"}",
        "{ order(k: \"j\") { id lines { sku } } }   | {\"id\":\"1\",\"lines\":{\"sku\":\"x\"}}",
        "{ order(k: \"k\") { id lines { sku } } }   | {\"id\":\"1\",\"lines\":[{\"nosku\":1}]}",
        "{ state(k: \"l\") }                         | \"HALF_OPEN\""
      })
  void mistypedReply_isBadReply(String query, String reply) {
    String key = query.replaceAll(".*k: \"(\\w)\".*", "$1");
    replies.put(key, reply);

    Response response = bridge.client().query(query);

    assertEquals("BAD_REPLY", response.firstCode(), response.text());
    assertEquals(
        "The service's reply does not fit this field.",
        response.errors().path(0).path("message").asText());
    assertFalse(
        response.errors().path(0).path("extensions").has("detail"), "details only in dev mode");
  }

  @Test
  void devMode_explainsWhatDidNotFit() {
    replies.put("m", "\"a string\"");

    Response response = devBridge.client().query("{ order(k: \"m\") { id } }");

    assertEquals("BAD_REPLY", response.firstCode());
    assertTrue(
        response
            .errors()
            .path(0)
            .path("extensions")
            .path("detail")
            .asText()
            .contains("expected a JSON object"),
        response.text());
  }

  @Test
  void wellTypedReply_withExtraProperties_isFine() {
    replies.put("n", "{\"id\":\"1\",\"total\":2.5,\"internalNote\":\"ignored\"}");

    Response response = bridge.client().query("{ order(k: \"n\") { id total } }");

    assertTrue(response.errors().isMissingNode(), response.text());
    assertEquals(2.5, response.data().path("order").path("total").asDouble());
  }
}
