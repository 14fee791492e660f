package dev.switchboard.bridge.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The directives' {@code connection:} and {@code streamName:} arguments. */
class ConnectionDirectivesTest extends SchemaLoadingTest {
  static final String SDL =
      """
      type Query {
        order: String @natsRequest(subject: "orders.get")
        audit: String @natsRequest(subject: "audit.get", connection: "audit")
      }
      type Mutation {
        record(text: String): PublishResult @natsPublish(subject: "audit.notes", streamName: "AUDIT", connection: "audit")
      }
      type Subscription {
        notes: String @natsSubscribe(subjects: ["audit.notes"], streamName: "AUDIT", connection: "audit")
        live: String @natsSubscribe(subjects: ["live.>"])
      }
      """;

  @Test
  void fieldsWithoutConnection_useTheDefault_andTheOthersTheNamedOne() throws Exception {
    Bindings bindings = load(SDL).bindings();

    assertEquals("default", bindings.requests().get(0).connection());
    assertEquals("audit", bindings.requests().get(1).connection());
    assertEquals("audit", bindings.publishes().get(0).connection());
    assertEquals("audit", bindings.subscribes().get(0).connection());
    assertEquals("default", bindings.subscribes().get(1).connection());
  }

  @Test
  void streamName_impliesAStream() throws Exception {
    Bindings bindings = load(SDL).bindings();

    assertTrue(bindings.publishes().get(0).stream());
    assertEquals("AUDIT", bindings.publishes().get(0).streamName());
    assertTrue(bindings.subscribes().get(0).stream());
    assertNull(bindings.subscribes().get(1).streamName());
  }

  @Test
  void connectionsThatAreConfigured_pass() throws Exception {
    load(SDL).bindings().requireConnections(Set.of("default", "audit"));
  }

  @Test
  void unconfiguredConnection_failsNamingTheFieldLineAndTheKnownOnes() throws Exception {
    Bindings bindings = load(SDL).bindings();

    String message =
        assertThrows(SchemaException.class, () -> bindings.requireConnections(Set.of("default")))
            .getMessage();

    assertStartsWith(at(3), message);
    assertContains("Query.audit", message);
    assertContains(
        "connection 'audit' is not configured (nats.connections has: [default])", message);
  }

  @Test
  void streamNameWithADot_isRefused() throws Exception {
    assertContains(
        "streamName 'orders.v1' is not a stream name",
        failure(
            "type Query { a: String }\n"
                + "type Subscription { s: String @natsSubscribe(subjects: [\"a\"], streamName:"
                + " \"orders.v1\") }"));
  }

  @Test
  void emptyConnectionName_isRefused() throws Exception {
    assertContains(
        "@natsRequest connection must not be empty",
        failure("type Query { a: String @natsRequest(subject: \"a\", connection: \"\") }"));
  }
}
