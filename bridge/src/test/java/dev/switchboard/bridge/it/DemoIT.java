package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.demo.DemoServices;
import dev.switchboard.bridge.nats.ServiceConnection;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import io.nats.service.Discovery;
import io.nats.service.InfoResponse;
import io.nats.service.PingResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo end to end, in-process: a JetStream-enabled nats-server, the demo services, and a bridge
 * in dev mode over the packaged demo schema. The demo's subjects are fixed ({@code demo.*}); this
 * class has its own nats-server, so nothing else shares them.
 */
@Timeout(60)
class DemoIT {
  static final String DEMO_SCHEMA = "classpath:demo/schema.graphql";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();
  static Connection services;
  static TestBridge bridge;

  @BeforeAll
  static void start() {
    services = nats.connect();
    try {
      DemoServices.start(ServiceConnection.open(nats.url()));
    } catch (IOException | InterruptedException cannotConnect) {
      throw new IllegalStateException(cannotConnect);
    }
    // the operator's way to point the bridge at another schema: an environment override of
    // schema.files
    // guests may send idempotency keys, as in the built-in demo config (DemoCommand)
    bridge =
        nats.startBridge(
            "",
            "dev: true\nrequests:\n  anonymousIdempotencyKeys: true\n",
            Map.of("SWITCHBOARD_SCHEMA_FILES", DEMO_SCHEMA));
  }

  GraphQLClient client() {
    return bridge.client();
  }

  @Test
  void ordersWithCustomersAndPayments_fitTheDefaultLimits() {
    Response response = client().query("{ orders { id customer { name } payment { state } } }");

    assertEquals(200, response.status(), response::toString);
    JsonNode orders = response.data().path("orders");
    assertTrue(orders.size() >= 3, response::toString);
    for (JsonNode order : orders) {
      assertFalse(order.path("customer").path("name").asText().isEmpty(), order::toString);
    }
    for (JsonNode error : response.errors()) {
      assertEquals(
          "SERVICE_ERROR",
          error.path("extensions").path("code").asText(),
          "payments fail: " + error);
    }
  }

  @Test
  void order_spansTwoServices() {
    Response response =
        client().query("{ order(id: \"1\") { id status total customer { name } } }");

    assertEquals(200, response.status(), response::toString);
    JsonNode order = response.data().path("order");
    assertEquals("SHIPPED", order.path("status").asText());
    assertEquals(42.5, order.path("total").asDouble());
    assertEquals("Ada Lovelace", order.path("customer").path("name").asText());
    assertTrue(response.errors().isMissingNode(), response::toString);
  }

  @Test
  void payment_isServiceError502_withAPartialResult() {
    Response response = client().query("{ order(id: \"1\") { id payment { state } } }");

    assertEquals(200, response.status(), response::toString);
    assertEquals("1", response.data().path("order").path("id").asText());
    assertTrue(response.data().path("order").path("payment").isNull(), response::toString);
    JsonNode error = response.errors().path(0);
    assertEquals("SERVICE_ERROR", error.path("extensions").path("code").asText());
    assertEquals(502, error.path("extensions").path("serviceCode").asInt());
    assertEquals("[\"order\",\"payment\"]", error.path("path").toString());
  }

  @Test
  void slowReport_isTimeoutAfterAbout500Milliseconds() {
    Response response = client().query("{ slowReport { title pages } }");

    assertEquals("TIMEOUT", response.firstCode(), response::toString);
    assertTrue(response.data().path("slowReport").isNull());
    assertTrue(
        response.millis() >= 450 && response.millis() < 1500,
        "answered in " + response.millis() + " ms");
  }

  @Test
  void placeOrder_createsAnOrderThatALaterQueryFinds() {
    Response placed =
        client()
            .query(
                "mutation { placeOrder(input: {customerId: \"c2\", quantity: 2}) { orderId status } }");
    assertEquals(200, placed.status(), placed::toString);
    String orderId = placed.data().path("placeOrder").path("orderId").asText();
    assertEquals("PENDING", placed.data().path("placeOrder").path("status").asText());

    Response found =
        client()
            .query(
                "query($id: ID!) { order(id: $id) { id status total customer { name } } }",
                Map.of("id", orderId));

    JsonNode order = found.data().path("order");
    assertEquals(orderId, order.path("id").asText(), found::toString);
    assertEquals(19.0, order.path("total").asDouble());
    assertEquals("Grace Hopper", order.path("customer").path("name").asText());
  }

  @Test
  void unknownOrder_isServiceError404_withTheSubjectInTheDevDetail() {
    Response response = client().query("{ order(id: \"999\") { id } }");

    JsonNode error = response.errors().path(0);
    assertEquals(
        "SERVICE_ERROR", error.path("extensions").path("code").asText(), response::toString);
    assertEquals(404, error.path("extensions").path("serviceCode").asInt());
    assertEquals("order 999 not found", error.path("message").asText());
    assertTrue(
        error.path("extensions").path("detail").asText().contains("demo.orders.get.999"),
        "dev mode shows the detail: " + response);
    assertTrue(response.data().path("order").isNull());
  }

  @Test
  void readmeIdempotencyExample_asAGuest_storesOnce_andTheRepeatIsADuplicate() {
    String mutation =
        "mutation { recordOrderEvent(input: {orderId: \"7\", status: SHIPPED})"
            + " { ok sequence duplicate } }";
    Map<String, String> key = Map.of("Idempotency-Key", "readme-k1");

    JsonNode first =
        client()
            .post(GraphQLClient.body(mutation, null, null), key)
            .data()
            .path("recordOrderEvent");
    JsonNode second =
        client()
            .post(GraphQLClient.body(mutation, null, null), key)
            .data()
            .path("recordOrderEvent");

    assertTrue(first.path("ok").asBoolean(), first.toString());
    assertFalse(first.path("duplicate").asBoolean());
    assertTrue(second.path("duplicate").asBoolean(), second.toString());
    assertEquals(first.path("sequence").asText(), second.path("sequence").asText());
  }

  @Test
  void demoServices_appearInServiceDiscovery() throws Exception {
    Discovery discovery = new Discovery(services, 1000, 10);

    List<String> names = discovery.ping().stream().map(PingResponse::getName).sorted().toList();
    List<InfoResponse> orders = discovery.info("demo-orders");

    assertEquals(
        List.of(
            "demo-audit",
            "demo-customers",
            "demo-invoices",
            "demo-orders",
            "demo-payments",
            "demo-reports"),
        names);
    assertEquals(1, orders.size());
    List<String> subjects =
        orders.get(0).getEndpoints().stream().map(e -> e.getSubject()).sorted().toList();
    assertEquals(List.of("demo.orders.get.*", "demo.orders.list", "demo.orders.place"), subjects);
    assertFalse(orders.get(0).getDescription().isEmpty());
  }
}
