package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Within one query, identical NATS requests (same subject, same body) are sent once and every field
 * asking for it gets the reply, decoded against its own type. Mutations are never coalesced. A spy
 * on the prefix counts what really reached NATS.
 */
@Timeout(60)
class CoalescingIT {
  static final String SDL =
      """
      type Query {
        echo(msg: String!): String @natsRequest(subject: "%1$s.echo", timeout: "2s")
        order(id: ID!): Order @natsRequest(subject: "%1$s.orders.get.{{ args.id }}", timeout: "2s")
        orderTotal(id: ID!): OrderTotal @natsRequest(subject: "%1$s.orders.get.{{ args.id }}", timeout: "2s")
        orders: [Order!]! @natsRequest(subject: "%1$s.orders.list", timeout: "2s")
      }
      type Mutation {
        ping(msg: String!): String @natsRequest(subject: "%1$s.ping", timeout: "2s")
      }
      type Order {
        id: ID!
        customerId: ID!
        customer: Customer @natsRequest(subject: "%1$s.customers.get.{{ parent.customerId }}", timeout: "2s")
      }
      type OrderTotal { total: Float! }
      type Customer { name: String! }
      """;

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static Connection services;
  static String prefix;
  static TestBridge bridge;
  SubjectSpy spy;

  @BeforeAll
  static void start() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    String twentyOrdersOfThreeCustomers =
        IntStream.range(0, 20)
            .mapToObj(i -> "{\"id\":\"" + i + "\",\"customerId\":\"c" + (i % 3) + "\"}")
            .collect(Collectors.joining(",", "[", "]"));
    Responder.builder(services, "shop", "1.0.0")
        .endpoint("echo", prefix + ".echo", request -> Reply.json(msgOf(request.data())))
        .endpoint("ping", prefix + ".ping", request -> Reply.json(msgOf(request.data())))
        .endpoint(
            "order",
            prefix + ".orders.get.*",
            request -> Reply.json("{\"id\":\"1\",\"customerId\":\"c1\",\"total\":9.5}"))
        .endpoint(
            "list", prefix + ".orders.list", request -> Reply.json(twentyOrdersOfThreeCustomers))
        .endpoint("customer", prefix + ".customers.get.*", Responders.namedAfterLastToken())
        .start();
    bridge = nats.startBridge(SDL.formatted(prefix));
  }

  /** The request body {"msg":"x"} answered as the JSON string "x". */
  static String msgOf(byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return text.substring(text.indexOf(':') + 1, text.length() - 1);
  }

  @BeforeEach
  void listen() {
    spy = nats.spy(prefix + ".>");
  }

  List<String> sent() {
    return spy.messages().stream().map(Message::getSubject).toList();
  }

  @Test
  void identicalQueryFields_sendOneRequest_andEveryFieldGetsTheReply() {
    Response response =
        bridge.client().query("{ a: echo(msg: \"x\") b: echo(msg: \"x\") c: echo(msg: \"x\") }");

    assertEquals(
        "{\"a\":\"x\",\"b\":\"x\",\"c\":\"x\"}", response.data().toString(), response::toString);
    assertEquals(List.of(prefix + ".echo"), sent());
  }

  @Test
  void sameSubjectDifferentBodies_areSentSeparately() {
    Response response =
        bridge.client().query("{ a: echo(msg: \"x\") b: echo(msg: \"y\") c: echo(msg: \"x\") }");

    assertEquals(
        "{\"a\":\"x\",\"b\":\"y\",\"c\":\"x\"}", response.data().toString(), response::toString);
    assertEquals(2, sent().size());
  }

  @Test
  void fieldsOfDifferentTypes_onTheSameRequest_shareItsReply_eachDecodedAsItsOwnType() {
    Response response =
        bridge.client().query("{ order(id: \"1\") { id } orderTotal(id: \"1\") { total } }");

    assertEquals(
        "{\"order\":{\"id\":\"1\"},\"orderTotal\":{\"total\":9.5}}",
        response.data().toString(),
        response::toString);
    assertEquals(List.of(prefix + ".orders.get.1"), sent());
  }

  @Test
  void mutations_areNeverCoalesced() {
    Response response =
        bridge.client().query("mutation { a: ping(msg: \"x\") b: ping(msg: \"x\") }");

    assertEquals("{\"a\":\"x\",\"b\":\"x\"}", response.data().toString(), response::toString);
    assertEquals(List.of(prefix + ".ping", prefix + ".ping"), sent());
  }

  @Test
  void twentyOrdersOfThreeCustomers_sendThreeCustomerRequests() {
    Response response = bridge.client().query("{ orders { id customer { name } } }");

    assertEquals(20, response.data().path("orders").size(), response::toString);
    for (int i = 0; i < 20; i++) {
      assertEquals(
          "name of c" + (i % 3),
          response.data().path("orders").path(i).path("customer").path("name").asText());
    }
    List<String> sent = sent();
    assertEquals(1 + 3, sent.size(), sent::toString);
    assertEquals(
        List.of(
            prefix + ".customers.get.c0",
            prefix + ".customers.get.c1",
            prefix + ".customers.get.c2"),
        sent.stream().filter(subject -> subject.contains(".customers.")).sorted().toList());
  }

  @Test
  void thousandAliasesOfOneEcho_sendOneRequest_whenTheLimitsAllowThatMany() {
    TestBridge roomy =
        nats.startBridge(
            SDL.formatted(prefix),
            """
            limits:
              maxAliases: 1000
              maxRootFields: 1000
              maxFields: 1000
              maxNatsCalls: 1000
            """);
    String query =
        IntStream.range(0, 1000)
            .mapToObj(i -> "a" + i + ": echo(msg: \"x\")")
            .collect(Collectors.joining(" ", "{ ", " }"));

    Response response = roomy.client().query(query);

    assertEquals(1000, response.data().size(), response::toString);
    assertEquals("x", response.data().path("a999").asText());
    assertEquals(List.of(prefix + ".echo"), sent());
  }
}
