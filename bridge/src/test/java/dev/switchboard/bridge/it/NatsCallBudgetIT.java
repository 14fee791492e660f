package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime half of {@code limits.maxNatsCalls}: a list longer than its estimate spends the
 * operation's budget, the NATS fields after that fail with {@code QUERY_TOO_COMPLEX} without being
 * sent, and everything else still answers. A subscription's events each get a budget of their own.
 */
@Timeout(60)
class NatsCallBudgetIT {
  static final String SDL =
      """
      type Query {
        orders: [Order!]! @natsRequest(subject: "%1$s.orders.list", timeout: "2s")
      }
      type Subscription {
        orderEvents: Order @natsSubscribe(subjects: ["%1$s.events"])
      }
      type Order {
        id: ID!
        customerId: ID!
        customer: Customer @natsRequest(subject: "%1$s.customers.get.{{ parent.customerId }}", timeout: "2s")
      }
      type Customer { name: String! }
      """;

  /** Estimated 1 + 2 = 3 calls, well within 5; the real list has 10 orders. */
  static final String LIMITS =
      """
      limits:
        maxNatsCalls: 5
        listSize: 2
      """;

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();
  Connection services;
  String prefix;
  TestBridge bridge;

  @BeforeEach
  void start() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    String orders =
        IntStream.range(0, 10)
            .mapToObj(i -> "{\"id\":\"" + i + "\",\"customerId\":\"c" + i + "\"}")
            .collect(Collectors.joining(",", "[", "]"));
    Responder.builder(services, "shop", "1.0.0")
        .endpoint("list", prefix + ".orders.list", request -> Reply.json(orders))
        .endpoint("customer", prefix + ".customers.get.*", Responders.namedAfterLastToken())
        .start();
    bridge = nats.startBridge(SDL.formatted(prefix), LIMITS);
  }

  @Test
  void listLongerThanItsEstimate_spendsTheBudget_laterNatsFieldsAreRefused_siblingsAnswer() {
    try (SubjectSpy spy = new SubjectSpy(services, prefix + ".>")) {
      Response response = bridge.client().query("{ orders { id customer { name } } }");

      assertEquals(200, response.status(), response::toString);
      JsonNode orders = response.data().path("orders");
      assertEquals(10, orders.size(), response::toString);
      List<String> refusedPaths = new ArrayList<>();
      for (JsonNode error : response.errors()) {
        assertEquals("QUERY_TOO_COMPLEX", error.path("extensions").path("code").asText());
        assertEquals(
            "The operation has made the 5 NATS calls it may (limits.maxNatsCalls);"
                + " this field was not resolved.",
            error.path("message").asText());
        refusedPaths.add(error.path("path").toString());
      }
      for (int i = 0; i < 10; i++) {
        JsonNode order = orders.path(i);
        assertEquals(String.valueOf(i), order.path("id").asText(), "siblings answer");
        boolean refused = refusedPaths.contains("[\"orders\"," + i + ",\"customer\"]");
        assertEquals(refused, order.path("customer").isNull(), order::toString);
      }
      assertEquals(6, refusedPaths.size(), "1 list call + 4 customers spent the 5: " + response);
      assertEquals(5, spy.messages().size(), "exactly the budget reached NATS");
    }
  }

  @Test
  void subscription_eachEventHasABudgetOfItsOwn() throws Exception {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());
      client.subscribe("1", "subscription { orderEvents { id customer { name } } }", Map.of());
      Probes.awaitSubscriptionsMatching(nats.server(), prefix + ".events", 1);

      for (int i = 0; i < 7; i++) {
        services.publish(
            prefix + ".events",
            ("{\"id\":\"" + i + "\",\"customerId\":\"c" + i + "\"}")
                .getBytes(StandardCharsets.UTF_8));
      }

      for (int i = 0; i < 7; i++) {
        JsonNode event = client.nextOf("1");
        assertEquals(
            "name of c" + i,
            event
                .path("payload")
                .path("data")
                .path("orderEvents")
                .path("customer")
                .path("name")
                .asText(),
            "7 events, 7 customer calls, a budget of 5 per event: " + event);
      }
    }
  }
}
