package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Request;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a responder receives: the header contract, end to end. */
@Timeout(30)
class HeadersIT {
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  Connection services;
  String prefix;
  TestBridge bridge;
  final List<Request> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(
            """
        type Query {
          order(id: ID!): Order @natsRequest(subject: "%1$s.orders.{{ args.id }}", timeout: "2s")
        }
        type Order {
          id: ID!
          customerId: ID!
          customer: Customer @natsRequest(subject: "%1$s.customers.{{ parent.customerId }}", timeout: "1500ms")
        }
        type Customer { name: String }
        """
                .formatted(prefix));
    Responder.builder(services, "shop", "1.0.0")
        .endpoint(
            "orders",
            prefix + ".orders.*",
            request -> {
              seen.add(request);
              return Reply.json("{\"id\":\"1\",\"customerId\":\"c9\"}");
            })
        .endpoint(
            "customers",
            prefix + ".customers.*",
            request -> {
              seen.add(request);
              return Reply.json("{\"name\":\"Ada\"}");
            })
        .start();
  }

  private Response query(Map<String, String> headers) {
    return bridge
        .client()
        .post(
            GraphQLClient.body(
                "query Shop { order(id: \"1\") { id customer { name } } }", null, null),
            headers);
  }

  @Test
  void requestId_travelsToEveryServiceAndBack() {
    Response response = query(Map.of("X-Request-Id", "req-42"));

    assertEquals("req-42", response.header("X-Correlation-Id"));
    assertEquals(2, seen.size());
    seen.forEach(request -> assertEquals("req-42", request.correlationId()));
  }

  @Test
  void correlationIdHeader_isAcceptedToo() {
    Response response = query(Map.of("X-Correlation-Id", "corr-7"));

    assertEquals("corr-7", response.header("X-Correlation-Id"));
    assertEquals("corr-7", seen.get(0).correlationId());
  }

  @Test
  void missingOrHostileRequestId_isReplacedByAGeneratedOne() {
    Response plain = query(Map.of());
    Response hostile = query(Map.of("X-Request-Id", "x".repeat(500)));

    assertTrue(
        plain.header("X-Correlation-Id").matches("[0-9a-z]{20}"), plain.header("X-Correlation-Id"));
    assertTrue(hostile.header("X-Correlation-Id").matches("[0-9a-z]{20}"));
    assertEquals(plain.header("X-Correlation-Id"), seen.get(0).correlationId());
  }

  @Test
  void traceparent_isContinued_withANewSpanPerHop() {
    String incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    query(Map.of("traceparent", incoming, "tracestate", "vendor=abc"));

    for (Request request : seen) {
      TraceParent trace = request.traceParent().orElseThrow();
      assertEquals("0af7651916cd43dd8448eb211c80319c", trace.traceId());
      assertNotEquals("b7ad6b7169203331", trace.spanId());
      assertEquals("vendor=abc", request.header(SwitchboardHeaders.TRACESTATE).orElseThrow());
    }
    assertNotEquals(
        seen.get(0).traceParent().orElseThrow().spanId(),
        seen.get(1).traceParent().orElseThrow().spanId());
  }

  @Test
  void withoutTraceparent_aNewTraceIsStarted_andSharedByTheWholeRequest() {
    query(Map.of());

    String traceId = seen.get(0).traceParent().orElseThrow().traceId();
    assertEquals(traceId, seen.get(1).traceParent().orElseThrow().traceId());
    assertTrue(seen.get(0).header(SwitchboardHeaders.TRACESTATE).isEmpty());
  }

  @Test
  void deadline_isTheAbsoluteTimeOfTheFieldsTimeout() {
    Instant before = Instant.now();
    query(Map.of());

    Instant orderDeadline = seen.get(0).deadline().orElseThrow();
    assertTrue(
        orderDeadline.isAfter(before.plusMillis(1500))
            && orderDeadline.isBefore(Instant.now().plusMillis(2100)),
        "deadline " + orderDeadline + " for a 2 s timeout starting at " + before);
    Instant customerDeadline = seen.get(1).deadline().orElseThrow();
    assertTrue(
        customerDeadline.isBefore(Instant.now().plusMillis(1600)),
        "customer deadline " + customerDeadline);
  }

  @Test
  void operationName_andFieldPath_arePassedOn() {
    query(Map.of());

    assertEquals("Shop", seen.get(0).operationName().orElseThrow());
    assertEquals("order", seen.get(0).fieldPath().orElseThrow());
    assertEquals("order/customer", seen.get(1).fieldPath().orElseThrow());
    assertEquals(1, seen.get(0).attempt());
  }

  @Test
  void clientHeaders_namedLikeTheContract_areNeverPassedThrough() {
    query(Map.of("Switchboard-Correlation-Id", "forged", "Switchboard-Identity", "forged"));

    Request first = seen.get(0);
    assertNotEquals("forged", first.correlationId());
    assertTrue(first.header(SwitchboardHeaders.IDENTITY).isEmpty());
  }

  @Test
  void body_isTheFieldsArgumentsAsJson() {
    query(Map.of());

    assertEquals("{\"id\":\"1\"}", seen.get(0).text());
    assertNotNull(seen.get(1).json().map);
    assertTrue(
        seen.get(1).json().map.isEmpty(), "customer has no arguments: " + seen.get(1).text());
  }
}
