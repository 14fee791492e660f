package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import io.nats.client.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One query, several services: {@code parent.*} links them, and one failing field spares its
 * siblings.
 */
@Timeout(30)
class NestedIT {
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  Connection orders;
  Connection customers;
  String prefix;
  TestBridge bridge;
  final List<String> customerSubjects = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    orders = nats.connect();
    customers = nats.connect();
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(
            """
        type Query {
          order(id: ID!): Order @natsRequest(subject: "%1$s.orders.get.{{ args.id }}", timeout: "2s")
          orders: [Order!]! @natsRequest(subject: "%1$s.orders.list", timeout: "2s")
          stats: Stats @natsRequest(subject: "%1$s.stats", timeout: "2s")
        }
        type Order {
          id: ID!
          customerId: ID!
          customer: Customer @natsRequest(subject: "%1$s.customers.get.{{ parent.customerId }}", timeout: "1s")
        }
        type Customer { id: ID!, name: String! }
        type Stats { count: Int! }
        """
                .formatted(prefix));
    Responder.builder(orders, "orders", "1.0.0")
        .endpoint(
            "get",
            prefix + ".orders.get.*",
            request -> Reply.json("{\"id\":\"1\",\"customerId\":\"c1\"}"))
        .endpoint(
            "list",
            prefix + ".orders.list",
            request ->
                Reply.json(
                    "[{\"id\":\"1\",\"customerId\":\"c1\"},{\"id\":\"2\",\"customerId\":\"c2\"},{\"id\":\"3\",\"customerId\":\"bad\"}]"))
        .endpoint("stats", prefix + ".stats", request -> Reply.json("{\"count\":3}"))
        .start();
  }

  private void startCustomers() {
    Responder.builder(customers, "customers", "1.0.0")
        .endpoint(
            "get",
            prefix + ".customers.get.*",
            request -> {
              customerSubjects.add(request.subject());
              String id = request.subject().substring(request.subject().lastIndexOf('.') + 1);
              if (id.equals("bad")) {
                throw new ServiceException(404, "no customer bad");
              }
              return Reply.json("{\"id\":\"" + id + "\",\"name\":\"name of " + id + "\"}");
            })
        .start();
  }

  @Test
  void parentField_choosesTheSubjectOfTheNestedCall() {
    startCustomers();

    Response response = bridge.client().query("{ order(id: \"1\") { id customer { id name } } }");

    assertEquals(
        "name of c1",
        response.data().path("order").path("customer").path("name").asText(),
        response.text());
    assertEquals(List.of(prefix + ".customers.get.c1"), customerSubjects);
  }

  @Test
  void eachListItem_resolvesItsOwnNestedCall_andOneFailureStaysLocal() {
    startCustomers();

    Response response = bridge.client().query("{ orders { id customer { name } } }");

    assertEquals(
        "name of c1",
        response.data().path("orders").path(0).path("customer").path("name").asText());
    assertEquals(
        "name of c2",
        response.data().path("orders").path(1).path("customer").path("name").asText());
    assertTrue(response.data().path("orders").path(2).path("customer").isNull());
    assertEquals("3", response.data().path("orders").path(2).path("id").asText());
    assertEquals(1, response.errors().size());
    assertEquals("SERVICE_ERROR", response.firstCode());
    assertEquals("[\"orders\",2,\"customer\"]", response.errors().path(0).path("path").toString());
  }

  @Test
  void serviceDown_failsOnlyItsFields_siblingsStillAnswer() {
    Response response =
        bridge.client().query("{ order(id: \"1\") { id customer { name } } stats { count } }");

    assertEquals("1", response.data().path("order").path("id").asText(), response.text());
    assertTrue(response.data().path("order").path("customer").isNull());
    assertEquals(3, response.data().path("stats").path("count").asInt());
    assertEquals("SERVICE_UNAVAILABLE", response.firstCode());
  }
}
