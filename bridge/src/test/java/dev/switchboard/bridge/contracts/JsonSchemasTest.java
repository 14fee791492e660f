package dev.switchboard.bridge.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SDL =
      """
      type Query {
        order(id: ID!, status: Status, limit: Int = 10, filter: Filter): Order
          @natsRequest(subject: "orders.get.{{ args.id }}")
        orders: [Order!]! @natsRequest(subject: "orders.list")
        search(text: String!): [Result] @natsRequest(subject: "search")
        node(id: ID!): Node! @natsRequest(subject: "nodes.{{ args.id }}")
        tree: Category @natsRequest(subject: "tree")
      }
      type Order implements Node {
        id: ID!
        status: Status!
        total: Float
        lines: [Line!]
        tags: [String]!
        when: DateTime
        customerId: ID!
        customer: Customer @natsRequest(subject: "customers.get.{{ parent.customerId }}")
      }
      type Line { sku: String!, quantity: Int! }
      type Customer implements Node { id: ID!, name: String! }
      type Category { name: String!, children: [Category!]! }
      interface Node { id: ID! }
      union Result = Order | Customer
      enum Status { OPEN SHIPPED }
      input Filter { minTotal: Float!, mine: Boolean = false, note: String }
      scalar DateTime
      """;

  @TempDir Path directory;

  private Contract contract() {
    return ContractBuilder.of(SdlFiles.load(directory, "schema.graphql", SDL));
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void arguments_becomeOneObject_requiredWhenNonNullOrDefaulted() throws Exception {
    FieldContract order = contract().field("Query.order").orElseThrow();
    assertEquals(json("[\"id\",\"limit\"]"), order.payload().get("required"));
    JsonNode properties = order.payload().get("properties");
    assertEquals(json("{\"type\":\"string\"}"), properties.get("id"), "coerced to a string");
    assertEquals(
        json("{\"anyOf\":[{\"$ref\":\"#/components/schemas/Status\"},{\"type\":\"null\"}]}"),
        properties.get("status"));
    assertEquals(json("[\"integer\",\"null\"]"), properties.get("limit").get("type"));
  }

  @Test
  void nullableReply_allowsNull_nonNullListDoesNot() throws Exception {
    Contract contract = contract();
    assertEquals(
        json("{\"anyOf\":[{\"$ref\":\"#/components/schemas/Order\"},{\"type\":\"null\"}]}"),
        contract.field("Query.order").orElseThrow().reply());
    assertEquals(
        json("{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Order\"}}"),
        contract.field("Query.orders").orElseThrow().reply());
  }

  @Test
  void objects_listNonNullFieldsAsRequired_andLeaveOutFieldsOfOtherCalls() throws Exception {
    JsonNode order = contract().schemas().get("Order");
    assertEquals(json("[\"id\",\"status\",\"tags\",\"customerId\"]"), order.get("required"));
    assertFalse(order.get("properties").has("customer"), "customer is another service's answer");
    assertEquals(
        json("{\"type\":\"array\",\"items\":{\"type\":[\"string\",\"null\"]}}"),
        order.get("properties").get("tags"));
    assertEquals(json("[\"array\",\"null\"]"), order.get("properties").get("lines").get("type"));
  }

  @Test
  void ids_inReplies_mayBeStringsOrIntegers() throws Exception {
    assertEquals(
        json("{\"type\":[\"string\",\"integer\"]}"),
        contract().schemas().get("Order").get("properties").get("id"));
  }

  @Test
  void enums_areStringsWithTheirValues() throws Exception {
    assertEquals(
        json("{\"type\":\"string\",\"enum\":[\"OPEN\",\"SHIPPED\"]}"),
        contract().schemas().get("Status"));
  }

  @Test
  void interfacesAndUnions_areOneOfTheirObjects_toldApartByTypename() {
    Contract contract = contract();
    JsonNode node = contract.schemas().get("Node");
    assertEquals(2, node.get("oneOf").size());
    JsonNode result = contract.schemas().get("Result");
    JsonNode first = result.get("oneOf").get(0).get("allOf");
    assertEquals("#/components/schemas/Order", first.get(0).get("$ref").asText());
    assertEquals("Order", first.get(1).get("properties").get("__typename").get("const").asText());
    assertEquals("__typename", first.get(1).get("required").get(0).asText());
    assertEquals(
        "#/components/schemas/Node",
        contract.field("Query.node").orElseThrow().reply().get("$ref").asText());
  }

  @Test
  void inputObjects_requireNonNullAndDefaultedFields() throws Exception {
    JsonNode filter = contract().schemas().get("Filter");
    assertEquals(json("[\"minTotal\",\"mine\"]"), filter.get("required"));
    assertEquals(json("[\"string\",\"null\"]"), filter.get("properties").get("note").get("type"));
  }

  @Test
  void recursiveTypes_referToThemselves() {
    JsonNode category = contract().schemas().get("Category");
    assertEquals(
        "#/components/schemas/Category",
        category.get("properties").get("children").get("items").get("$ref").asText());
  }

  @Test
  void customScalars_acceptAnyJson() {
    JsonNode dateTime = contract().schemas().get("DateTime");
    assertNull(dateTime.get("type"));
    assertTrue(dateTime.get("$comment").asText().contains("any JSON"));
  }

  @Test
  void ints_areBoundedToGraphQLsRange() {
    JsonNode quantity = contract().schemas().get("Line").get("properties").get("quantity");
    assertEquals(Integer.MAX_VALUE, quantity.get("maximum").asInt());
    assertEquals(Integer.MIN_VALUE, quantity.get("minimum").asInt());
  }

  @Test
  void batchedRequests_sendKeys_andGetOneItemOrErrorPerKey(@TempDir Path other) {
    Contract contract =
        ContractBuilder.of(
            SdlFiles.load(
                other,
                "batch.graphql",
                """
                type Query { orders: [Order!]! @natsRequest(subject: "orders.list") }
                type Order {
                  customerId: ID!
                  customer: Customer
                    @natsRequest(subject: "customers.batch", batchKey: "{{ parent.customerId }}")
                }
                type Customer { name: String! }
                """));
    FieldContract customer = contract.field("Order.customer").orElseThrow();
    assertEquals(FieldContract.Delivery.BATCHED, customer.delivery());
    assertEquals("keys", customer.payload().get("required").get(0).asText());
    assertEquals(100, customer.payload().get("properties").get("keys").get("maxItems").asInt());
    assertEquals("array", customer.reply().get("type").asText());
    JsonNode item = customer.reply().get("items").get("anyOf");
    assertEquals(
        "#/components/schemas/Customer", item.get(0).get("anyOf").get(0).get("$ref").asText());
    assertTrue(item.get(1).get("properties").has("__error"));
  }
}
