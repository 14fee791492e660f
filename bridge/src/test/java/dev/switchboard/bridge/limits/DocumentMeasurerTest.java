package dev.switchboard.bridge.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.config.LimitsConfig;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaLoader;
import graphql.ParseAndValidate;
import graphql.introspection.IntrospectionQuery;
import graphql.language.Document;
import graphql.parser.Parser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentMeasurerTest {
  static final String SDL =
      """
      type Query {
        order(id: ID!): Order @natsRequest(subject: "orders.get.{{ args.id }}")
        orders: [Order!]! @natsRequest(subject: "orders.list")
        hinted: [Order!]! @listSize(assumedSize: 3) @natsRequest(subject: "orders.hinted")
        grid: [[Order]] @natsRequest(subject: "orders.grid")
        node(id: ID!): Node @natsRequest(subject: "nodes.get.{{ args.id }}")
        version: String
      }
      type Mutation {
        place(id: ID!): Order @natsRequest(subject: "orders.place")
      }
      type Subscription {
        orderEvents: Order @natsSubscribe(subjects: ["orders.events"])
      }
      interface Node { id: ID!, owner: Customer }
      type Order implements Node {
        id: ID!
        customerId: ID!
        owner: Customer @natsRequest(subject: "customers.get.{{ parent.customerId }}")
        customer: Customer @natsRequest(subject: "customers.get.{{ parent.customerId }}")
        buyer: Customer @natsRequest(subject: "customers.batch", batchKey: "{{ parent.customerId }}")
        lines: [Line!]!
      }
      type Line { sku: String!, product: Product @natsRequest(subject: "products.get.{{ parent.sku }}") }
      type Product { name: String! }
      type Customer implements Node { id: ID!, name: String!, owner: Customer }
      """;

  @TempDir static Path dir;
  static LoadedSchema schema;
  static DocumentMeasurer measurer;

  @BeforeAll
  static void load() throws Exception {
    Path file = Files.writeString(dir.resolve("schema.graphql"), SDL);
    schema =
        SchemaLoader.load(
            List.of(file.toString()),
            new RequestsConfig(null, null, null, null),
            binding -> environment -> null);
    measurer = new DocumentMeasurer(schema, 10);
  }

  @Test
  void batchedField_underAList_isOneCallPerLevel_notOnePerItem() {
    assertEquals(2, measure("{ orders { buyer { name } } }").natsCalls());
    // a per-item field under the batched one is still one call per item
    assertEquals(12, measure("{ orders { customer { name } buyer { name } } }").natsCalls());
    // each selection of it counts once: an upper bound (at run time both may share one batch)
    assertEquals(4, measure("{ grid { buyer { name } } hinted { buyer { name } } }").natsCalls());
  }

  /** The measure of the document's only operation. */
  static OperationMeasure measure(String query) {
    Map<String, OperationMeasure> operations = measureAll(query);
    assertEquals(1, operations.size(), operations::toString);
    return operations.values().iterator().next();
  }

  static Map<String, OperationMeasure> measureAll(String query) {
    Document document = Parser.parse(query);
    assertEquals(List.of(), ParseAndValidate.validate(schema.schema(), document), query);
    return measurer.measure(document);
  }

  @Test
  void measure_plainQuery_countsDepthFieldsRootFieldsAndCalls() {
    OperationMeasure measure = measure("{ order(id: 1) { id customer { name } } version }");

    assertEquals(new OperationMeasure(3, 0, 2, 5, 2, false), measure);
  }

  @Test
  void measure_aliases_areCountedWhereverTheyStand() {
    OperationMeasure measure =
        measure("{ a: order(id: 1) { id } b: order(id: 2) { key: id buyer: customer { name } } }");

    assertEquals(4, measure.aliases());
    assertEquals(2, measure.rootFields());
    assertEquals(3, measure.natsCalls());
  }

  @Test
  void measure_namedFragments_areExpandedWhereTheyAreSpread() {
    String inline =
        "{ order(id: 1) { id customer { name } } a: order(id: 2) { id customer { name } } }";
    String withFragments =
        """
        { ...Root }
        fragment Root on Query { order(id: 1) { ...Parts } a: order(id: 2) { ...Parts } }
        fragment Parts on Order { id customer { ...Name } }
        fragment Name on Customer { name }
        """;

    assertEquals(measure(inline), measure(withFragments));
  }

  @Test
  void measure_inlineFragments_areExpandedToo() {
    OperationMeasure measure =
        measure(
            "{ node(id: 1) { id ... on Order { customer { name } } ... on Customer { name } } }");

    assertEquals(new OperationMeasure(3, 0, 1, 5, 2, false), measure);
  }

  @Test
  void measure_fieldThroughAnInterface_costsACallWhenAnImplementationIsNatsBacked() {
    assertEquals(2, measure("{ node(id: 1) { owner { name } } }").natsCalls());
  }

  @Test
  void measure_listWithoutAHint_multipliesTheCallsBelowItByTheDefaultSize() {
    assertEquals(1 + 10, measure("{ orders { id customer { name } } }").natsCalls());
  }

  @Test
  void measure_listWithAHint_multipliesByTheHint() {
    assertEquals(1 + 3, measure("{ hinted { id customer { name } } }").natsCalls());
  }

  @Test
  void measure_nestedLists_multiplyEachOther() {
    assertEquals(1 + 10 * 10, measure("{ orders { lines { product { name } } } }").natsCalls());
    assertEquals(1 + 10 * 10, measure("{ grid { customer { name } } }").natsCalls(), "[[Order]]");
  }

  @Test
  void measure_nestedNatsFields_multiplyAlongTheirPath() {
    OperationMeasure measure =
        measure("{ orders { customer { owner { owner { name } } } lines { product { name } } } }");

    // orders 1; per order its customer 1 (Customer.owner is read from the reply, no call),
    // and per line of each order the product 1
    assertEquals(1 + 10 * 1 + 10 * 10, measure.natsCalls());
    assertEquals(5, measure.depth());
  }

  @Test
  void measure_typename_isAFieldWithoutCalls() {
    assertEquals(
        new OperationMeasure(1, 1, 2, 2, 0, false), measure("{ __typename t: __typename }"));
  }

  @Test
  void measure_severalOperations_eachByName_theAnonymousAsEmpty() {
    Map<String, OperationMeasure> operations =
        measureAll(
            """
            query One { order(id: 1) { id } }
            query Many { orders { customer { name } } }
            mutation Place { place(id: 1) { id customer { name } } }
            subscription Events { orderEvents { customer { name } } }
            """);

    assertEquals(Set.of("One", "Many", "Place", "Events"), operations.keySet());
    assertEquals(1, operations.get("One").natsCalls());
    assertEquals(11, operations.get("Many").natsCalls());
    assertEquals(2, operations.get("Place").natsCalls());
    assertEquals(2, operations.get("Events").natsCalls(), "the subscribe and one event's calls");
    assertEquals(Set.of(""), measureAll("{ version }").keySet());
  }

  @Test
  void measure_introspection_isFlagged_andItsInsideIsNotCounted() {
    OperationMeasure measure =
        measure("{ __schema { types { name fields { name type { name ofType { name } } } } } }");

    assertEquals(new OperationMeasure(1, 0, 1, 1, 0, true), measure);
    assertTrue(
        measure("{ ...T } fragment T on Query { __type(name: \"Order\") { name } }")
            .introspection());
    assertFalse(measure("{ __typename }").introspection());
  }

  @Test
  void measure_graphiqlIntrospectionQuery_fitsTheDefaultLimits() {
    OperationMeasure measure = measure(IntrospectionQuery.INTROSPECTION_QUERY);

    assertTrue(measure.introspection());
    assertTrue(
        new OperationLimits(new LimitsConfig(null, null, null, null, null, null), true)
            .refusal(measure)
            .isEmpty(),
        measure::toString);
  }

  @Test
  void measure_fragmentsThatDoubleAtEveryLevel_areMeasuredAtOnce_andSaturate() {
    Document document = Parser.parse(doubling(70)); // valid; graphql-java's validator is not timed

    OperationMeasure measure =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> measurer.measure(document).get(""));

    assertEquals(Long.MAX_VALUE, measure.fields(), measure::toString);
    assertEquals(Long.MAX_VALUE, measure.natsCalls());
    assertEquals(Long.MAX_VALUE, measure.aliases());
    assertEquals(2, measure.depth());
  }

  @Test
  void measure_fragmentsThatDouble_countEveryExpandedField() {
    // F0 = F1 + G1 + a0 { id }, with F1 and G1 alike: 2^3 leaves of F3 and 2^3 - 1 aliased lists
    OperationMeasure measure = measure(doubling(3));

    assertEquals(7, measure.aliases());
    assertEquals(8 + 7 * 2, measure.fields());
    assertEquals(8 + 7, measure.rootFields());
    assertEquals(7 * 1, measure.natsCalls());
  }

  /**
   * {@code F(n)} spreads {@code F(n+1)} and its twin {@code G(n+1)}, and adds an aliased list: 2^n
   * leaves once expanded.
   */
  static String doubling(int levels) {
    StringBuilder query = new StringBuilder("{ ...F0 }\n");
    for (int level = 0; level < levels; level++) {
      query.append(
          "fragment F%1$d on Query { ...F%2$d ...G%2$d a%1$d: orders { id } }\n"
              .formatted(level, level + 1));
    }
    for (int level = 1; level <= levels; level++) {
      query.append(
          level == levels
              ? "fragment F%1$d on Query { version }\nfragment G%1$d on Query { version }\n"
                  .formatted(level)
              : "fragment G%1$d on Query { ...F%1$d }\n".formatted(level));
    }
    return query.toString();
  }
}
