package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import io.nats.client.Connection;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every failure a NATS call can have reaches the client as its own code, over a real HTTP socket.
 */
@Timeout(30)
class ErrorCodesIT {
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  Connection services;
  String prefix;
  TestBridge bridge;

  @BeforeEach
  void start() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(
            """
        type Query {
          order(id: ID!): Order @natsRequest(subject: "%1$s.orders.{{ args.id }}", timeout: "5s", retries: 0)
          count: Int @natsRequest(subject: "%1$s.count", timeout: "2s")
          slow: Order @natsRequest(subject: "%1$s.slow", timeout: "200ms")
        }
        type Order { id: ID!, total: Float }
        """
                .formatted(prefix));
  }

  @Test
  void noResponders_isServiceUnavailable_withoutWaitingForTheTimeout() {
    Response response = bridge.client().query("{ order(id: \"1\") { id } }");

    assertEquals(200, response.status());
    assertEquals("SERVICE_UNAVAILABLE", response.firstCode());
    assertTrue(
        response.millis() < 2000, "answered in " + response.millis() + " ms, the timeout is 5 s");
  }

  @Test
  void slowService_isTimeout() {
    Responder.builder(services, "slow", "1.0.0")
        .executor(Executors.newCachedThreadPool())
        .endpoint(
            "slow",
            prefix + ".slow",
            request -> {
              Thread.sleep(1000);
              return Reply.json("{\"id\":\"1\"}");
            })
        .start();

    Response response = bridge.client().query("{ slow { id } }");

    assertEquals("TIMEOUT", response.firstCode());
    assertTrue(response.data().path("slow").isNull());
  }

  @Test
  void serviceError_isServiceError_withTheServiceCodeAndText() {
    Responder.builder(services, "orders", "1.0.0")
        .endpoint(
            "get",
            prefix + ".orders.*",
            request -> {
              throw new ServiceException(404, "order 1 not found");
            })
        .start();

    Response response = bridge.client().query("{ order(id: \"1\") { id } }");

    assertEquals("SERVICE_ERROR", response.firstCode());
    assertEquals(404, response.errors().path(0).path("extensions").path("serviceCode").asInt());
    assertEquals("order 1 not found", response.errors().path(0).path("message").asText());
  }

  @Test
  void everyError_carriesTheCorrelationIdOfTheResponse_andNoInternalText() {
    Response response = bridge.client().query("{ order(id: \"1\") { id } slow { id } }");

    String correlationId = response.header("X-Correlation-Id");
    assertFalse(correlationId == null || correlationId.isEmpty());
    response
        .errors()
        .forEach(
            error ->
                assertEquals(
                    correlationId, error.path("extensions").path("correlationId").asText()));
    assertFalse(
        response.text().contains(prefix),
        "subjects must not leak outside dev mode: " + response.text());
    assertFalse(response.text().contains("Exception"), response.text());
  }

  @Test
  void nonJsonReply_isBadReply() {
    Responders.answering(services, "count", prefix + ".count", "forty-two");

    assertEquals("BAD_REPLY", bridge.client().query("{ count }").firstCode());
  }

  /**
   * Regression: graphql-java's bad-faith introspection refusal was answered 400 INTERNAL, unlogged.
   */
  @Test
  void nestedIntrospection_isQueryTooComplex_notInternal() {
    TestBridge dev =
        nats.startBridge(
            "type Query { order: String @natsRequest(subject: \"%s.o\") }".formatted(prefix),
            "dev: true");

    Response response =
        dev.client().query("{ __schema { types { fields { type { fields { name } } } } } }");

    assertEquals(400, response.status(), response::toString);
    assertEquals("QUERY_TOO_COMPLEX", response.firstCode(), response::toString);
    assertTrue(response.errors().path(0).path("message").asText().contains("introspection"));
  }
}
