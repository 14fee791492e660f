package dev.switchboard.bridge.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.graphql.PassthroughScalar;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.EchoingWiringFactory;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemaLoaderTest extends SchemaLoadingTest {

  private static Map<String, RequestBinding> byCoordinate(LoadedSchema schema) {
    return schema.bindings().requests().stream()
        .collect(Collectors.toMap(RequestBinding::coordinate, b -> b));
  }

  // --- valid schemas ---------------------------------------------------------------------------

  @Test
  void load_validSchema_findsEveryBindingWithItsSettings() throws Exception {
    LoadedSchema schema =
        load(
            """
        type Query {
          order(id: ID!): Order @natsRequest(subject: "orders.{{ claims.tenant }}.get.{{ args.id }}", timeout: "2s")
          health: String @natsRequest(subject: "health.check", retries: 0)
          version: String
        }
        type Order {
          id: ID!
          customerId: ID
          customer: Customer @natsRequest(subject: "customers.get.{{ parent.customerId }}", timeout: "750ms", retries: 5)
        }
        type Customer { name: String }
        type Mutation {
          cancel(id: ID!): Boolean @natsRequest(subject: "orders.cancel.{{ args.id }}")
        }
        """);

    Map<String, RequestBinding> bindings = byCoordinate(schema);
    assertEquals(
        Map.of("Query.order", 2, "Query.health", 3, "Order.customer", 9, "Mutation.cancel", 13),
        bindings.values().stream()
            .collect(
                Collectors.toMap(
                    RequestBinding::coordinate,
                    b ->
                        Integer.parseInt(
                            b.location().substring(b.location().lastIndexOf(':') + 1)))));

    RequestBinding order = bindings.get("Query.order");
    assertEquals("Query", order.typeName());
    assertEquals("order", order.fieldName());
    assertEquals("orders.{{ claims.tenant }}.get.{{ args.id }}", order.subject().source());
    assertEquals(Duration.ofSeconds(2), order.policy().timeout());
    assertEquals(2, order.policy().retries(), "retries not set: the configured default");
    assertEquals(at(2).substring(0, at(2).length() - 2), order.location());

    RequestBinding health = bindings.get("Query.health");
    assertEquals(
        Duration.ofSeconds(5),
        health.policy().timeout(),
        "timeout not set: the configured default");
    assertEquals(0, health.policy().retries());

    RequestBinding customer = bindings.get("Order.customer");
    assertEquals(Duration.ofMillis(750), customer.policy().timeout());
    assertEquals(5, customer.policy().retries());
  }

  @Test
  void load_configuredDefaults_applyToFieldsWithoutTheirOwn() throws Exception {
    RequestsConfig defaults = new RequestsConfig(Duration.ofMillis(300), 7, null, null);
    String path = file("schema.graphql", "type Query { a: String @natsRequest(subject: \"a\") }");

    RequestBinding binding =
        SchemaLoader.load(List.of(path), defaults, NO_FETCHER).bindings().requests().get(0);

    assertEquals(Duration.ofMillis(300), binding.policy().timeout());
    assertEquals(7, binding.policy().retries());
  }

  @Test
  void load_eachBinding_getsTheFetcherMadeForIt() throws Exception {
    String path =
        file(
            "schema.graphql",
            """
        type Query { greeting(name: String!): Greeting @natsRequest(subject: "greet.{{ args.name }}") }
        type Greeting { text: String }
        """);
    LoadedSchema schema =
        SchemaLoader.load(
            List.of(path),
            DEFAULTS,
            binding ->
                env -> Map.of("text", binding.coordinate() + " for " + env.getArgument("name")));

    ExecutionResult result =
        GraphQL.newGraphQL(schema.schema()).build().execute("{ greeting(name: \"ann\") { text } }");

    assertEquals(List.of(), result.getErrors());
    assertEquals(Map.of("greeting", Map.of("text", "Query.greeting for ann")), result.getData());
  }

  @Test
  void load_twoFiles_mergeTypesAndExtensions() throws Exception {
    String types =
        file(
            "types.graphql",
            """
        type Query { version: String }
        type Order { id: ID! }
        """);
    String queries =
        file(
            "queries.graphql",
            """
        extend type Query {
          order(id: ID!): Order @natsRequest(subject: "orders.get.{{ args.id }}")
        }
        """);

    LoadedSchema schema = SchemaLoader.load(List.of(types, queries), DEFAULTS, NO_FETCHER);

    assertEquals(1, schema.bindings().requests().size());
    RequestBinding order = schema.bindings().requests().get(0);
    assertEquals("Query.order", order.coordinate());
    assertEquals(
        queries + ":2", order.location(), "the location names the file that declares the field");
    assertTrue(schema.schema().getQueryType().getFieldDefinition("version") != null);
    assertTrue(schema.schema().getQueryType().getFieldDefinition("order") != null);
  }

  @Test
  void load_customScalar_passesValuesThroughUnchanged() throws Exception {
    String path =
        file(
            "schema.graphql",
            """
        "An instant, as the services write it"
        scalar DateTime
        type Query { event(at: DateTime): Event @natsRequest(subject: "events.get") }
        type Event { at: DateTime, echo: DateTime }
        """);
    LoadedSchema schema =
        SchemaLoader.load(
            List.of(path),
            DEFAULTS,
            binding -> env -> Map.of("at", "2024-05-01T10:00:00Z", "echo", env.getArgument("at")));

    GraphQLScalarType dateTime =
        assertInstanceOf(GraphQLScalarType.class, schema.schema().getType("DateTime"));
    assertInstanceOf(PassthroughScalar.class, dateTime.getCoercing());
    assertEquals("An instant, as the services write it", dateTime.getDescription());

    ExecutionResult result =
        GraphQL.newGraphQL(schema.schema())
            .build()
            .execute("{ event(at: \"yesterday\") { at echo } }");

    assertEquals(List.of(), result.getErrors());
    assertEquals(
        Map.of("event", Map.of("at", "2024-05-01T10:00:00Z", "echo", "yesterday")),
        result.getData());
  }

  @Test
  void load_userDeclaresTheDirective_isAcceptedWithoutDuplicates() throws Exception {
    LoadedSchema schema =
        load(
            """
        directive @natsRequest(subject: String!, timeout: String, retries: Int) on FIELD_DEFINITION
        type Query { a: String @natsRequest(subject: "a.get", timeout: "1s") }
        """);

    assertEquals(Duration.ofSeconds(1), schema.bindings().requests().get(0).policy().timeout());
  }

  @Test
  void load_schemaDefinitionWithOwnRootNames_treatsThemAsRoots() {
    String message =
        assertThrows(
                SchemaException.class,
                () ->
                    load(
                        """
        schema { query: Root, subscription: Events }
        type Root { a(id: ID): String @natsRequest(subject: "a.{{ parent.id }}") }
        type Events { e: String @natsRequest(subject: "e") }
        """))
            .getMessage();

    assertContains("Root.a: subject placeholder", message);
  }

  // --- client SDL -----------------------------------------------------------------------------

  @Test
  void clientSdl_hidesTheDirectiveButKeepsTypesAndDescriptions() throws Exception {
    LoadedSchema schema =
        load(
            """
        "An order placed by a customer"
        type Order {
          "The order number"
          id: ID!
        }
        type Query {
          "Looks an order up"
          order(id: ID!): Order @natsRequest(subject: "orders.get.{{ args.id }}", timeout: "2s")
          old: String @deprecated(reason: "use order")
        }
        scalar DateTime
        """);

    String sdl = schema.clientSdl();

    assertFalse(sdl.contains("natsRequest"), sdl);
    assertFalse(sdl.contains("orders.get"), "no subject leaks into the client schema:\n" + sdl);
    assertContains("type Order", sdl);
    assertContains("An order placed by a customer", sdl);
    assertContains("The order number", sdl);
    assertContains("Looks an order up", sdl);
    assertContains("order(id: ID!): Order", sdl);
    assertContains("scalar DateTime", sdl);
    assertTrue(sdl.matches("(?s).*old: String @deprecated\\(reason ?: \"use order\"\\).*"), sdl);
  }

  @Test
  void clientSdl_keepsTheAuthorsDirectivesButNotTheBuiltIns() throws Exception {
    LoadedSchema schema =
        load(
            """
        "Caching hint for clients"
        directive @cacheControl(maxAge: Int) on FIELD_DEFINITION
        type Query { a: String @natsRequest(subject: "a.get") @cacheControl(maxAge: 30) }
        """);

    String sdl = schema.clientSdl();

    assertContains("directive @cacheControl(maxAge: Int) on FIELD_DEFINITION", sdl);
    assertTrue(sdl.matches("(?s).*a: String @cacheControl\\(maxAge ?: 30\\).*"), sdl);
    assertFalse(sdl.contains("directive @skip"), sdl);
    assertFalse(sdl.contains("directive @deprecated"), sdl);
  }

  @Test
  void clientSdl_printedSchema_buildsAgain() throws Exception {
    LoadedSchema schema =
        load(
            """
        type Query { order(id: ID!): Order @natsRequest(subject: "orders.get.{{ args.id }}") }
        type Order { id: ID!, at: DateTime }
        scalar DateTime
        """);

    String sdl = schema.clientSdl();
    TypeDefinitionRegistry registry = new SchemaParser().parse(sdl);
    GraphQLSchema rebuilt =
        new SchemaGenerator()
            .makeExecutableSchema(
                registry,
                RuntimeWiring.newRuntimeWiring()
                    .wiringFactory(new EchoingWiringFactory())
                    .scalar(PassthroughScalar.named("DateTime", null))
                    .build());

    assertTrue(rebuilt.getQueryType().getFieldDefinition("order") != null);
    assertEquals(
        List.of(),
        rebuilt.getDirectives().stream()
            .map(GraphQLDirective::getName)
            .filter(NatsDirectives.ALL::contains)
            .toList());
  }

  @Test
  void clientSdl_userDeclaredDirective_isHiddenToo() throws Exception {
    LoadedSchema schema =
        load(
            """
        directive @natsRequest(subject: String!, timeout: String, retries: Int) on FIELD_DEFINITION
        type Query { a: String @natsRequest(subject: "a.get") }
        """);

    assertFalse(schema.clientSdl().contains("natsRequest"), schema.clientSdl());
  }

  @Test
  void clientSdl_hidesTheListSizeHint() throws Exception {
    LoadedSchema schema =
        load(
            """
        type Query { orders: [Order!]! @listSize(assumedSize: 3) @natsRequest(subject: "orders.list") }
        type Order { id: ID! }
        """);

    assertFalse(schema.clientSdl().contains("listSize"), schema.clientSdl());
    assertContains("orders: [Order!]!", schema.clientSdl());
  }

  @Test
  void load_listSizeDeclaredByTheAuthor_isUsedAsDeclared() throws Exception {
    LoadedSchema schema =
        load(
            """
        directive @listSize(assumedSize: Int, slicingArguments: [String!]) on FIELD_DEFINITION
        type Query { orders(first: Int): [Order!]! @listSize(slicingArguments: ["first"]) }
        type Order { id: ID! }
        """);

    assertEquals(
        null,
        ListSizeDirective.assumedSize(schema.schema().getQueryType().getFieldDefinition("orders")));
  }

  // --- errors: file:line: Type.field: reason ---------------------------------------------------

  @Test
  void load_emptyTokenInSubject_namesFileLineFieldAndToken() throws Exception {
    String message =
        failure(
            """
        type Query {
          a: String
          b: String @natsRequest(subject: "orders..get")
        }
        """);

    assertStartsWith(at(3) + "Query.b: @natsRequest", message);
    assertContains("token 2 is empty", message);
  }

  @Test
  void load_wildcardInSubject_isRefused() throws Exception {
    String message = failure("type Query { a: String @natsRequest(subject: \"orders.*\") }");

    assertStartsWith(at(1) + "Query.a: ", message);
    assertContains("wildcard '*'", message);
  }

  @Test
  void load_unknownPlaceholderSource_isRefused() throws Exception {
    String message =
        failure("type Query { a(id: ID): String @natsRequest(subject: \"a.{{ query.id }}\") }");

    assertStartsWith(at(1) + "Query.a: ", message);
    assertContains("unknown placeholder 'query.id'", message);
  }

  @Test
  void load_argsPlaceholderNamingNoArgument_listsTheArguments() throws Exception {
    String message =
        failure(
            """
        type Query {
          order(id: ID!, tenant: String): String @natsRequest(subject: "orders.{{ args.number }}")
        }
        """);

    assertStartsWith(at(2) + "Query.order: ", message);
    assertContains("{{ args.number }} names no argument of order (it has: id, tenant)", message);
  }

  @Test
  void load_argsPlaceholderOnFieldWithoutArguments_saysItHasNone() throws Exception {
    assertContains(
        "(it has none)",
        failure("type Query { a: String @natsRequest(subject: \"a.{{ args.id }}\") }"));
  }

  @Test
  void load_parentPlaceholderOnQueryField_isRefused() throws Exception {
    String message =
        failure("type Query { a(id: ID): String @natsRequest(subject: \"a.{{ parent.id }}\") }");

    assertStartsWith(at(1) + "Query.a: ", message);
    assertContains("has no parent on a root type", message);
  }

  @Test
  void load_parentPlaceholderOnMutationField_isRefused() throws Exception {
    assertContains(
        "has no parent on a root type",
        failure(
            """
        type Query { a: String }
        type Mutation { m: String @natsRequest(subject: "m.{{ parent.id }}") }
        """));
  }

  @Test
  void load_badTimeout_isRefusedWithTheDurationHint() throws Exception {
    String message =
        failure("type Query { a: String @natsRequest(subject: \"a\", timeout: \"2 parsecs\") }");

    assertStartsWith(at(1) + "Query.a: @natsRequest timeout: ", message);
    assertContains("'2 parsecs' is not a duration", message);
  }

  @Test
  void load_negativeOrZeroTimeout_isRefused() throws Exception {
    assertStartsWith(
        at(1) + "Query.a: @natsRequest timeout must be positive",
        failure("type Query { a: String @natsRequest(subject: \"a\", timeout: \"-PT1S\") }"));
    assertStartsWith(
        at(1) + "Query.a: @natsRequest timeout must be positive",
        failure("type Query { a: String @natsRequest(subject: \"a\", timeout: \"0ms\") }"));
  }

  @Test
  void load_retriesOutOfRange_isRefused() throws Exception {
    assertStartsWith(
        at(1) + "Query.a: @natsRequest retries must be between 0 and 10",
        failure("type Query { a: String @natsRequest(subject: \"a\", retries: 11) }"));
    assertStartsWith(
        at(1) + "Query.a: @natsRequest retries must be between 0 and 10",
        failure("type Query { a: String @natsRequest(subject: \"a\", retries: -1) }"));
  }

  @Test
  void load_retriesBeyondIntRange_isRefusedWithAMessage() throws Exception {
    // Regression: intValueExact threw an ArithmeticException that escaped as a crash, not a
    // SchemaException.
    assertStartsWith(
        at(1) + "Query.a: @natsRequest retries must be between 0 and 10",
        failure("type Query { a: String @natsRequest(subject: \"a\", retries: 99999999999) }"));
  }

  @Test
  void load_directiveArgumentOfWrongType_isRefused() throws Exception {
    assertContains(
        "Query.a: @natsRequest timeout must be a string",
        failure("type Query { a: String @natsRequest(subject: \"a\", timeout: 2) }"));
  }

  @Test
  void load_directiveOnSubscriptionField_isRefused() throws Exception {
    String message =
        failure(
            """
        type Query { a: String }
        type Subscription { ticks: Int @natsRequest(subject: "ticks") }
        """);

    assertStartsWith(
        at(2) + "Subscription.ticks: @natsRequest cannot resolve a subscription field", message);
  }

  @Test
  void load_directiveOnInterfaceField_isRefused() throws Exception {
    String message =
        failure(
            """
        type Query { node: Node }
        interface Node {
          id: ID! @natsRequest(subject: "nodes.get")
        }
        type Thing implements Node { id: ID! }
        """);

    assertStartsWith(
        at(3) + "Node.id: @natsRequest belongs on the fields of object types", message);
  }

  @Test
  void load_directiveTwiceOnOneField_isRefused() throws Exception {
    String message =
        failure(
            "type Query { a: String @natsRequest(subject: \"a\") @natsRequest(subject: \"b\") }");

    assertStartsWith(
        at(1) + "Query.a: a field takes one NATS directive, not [@natsRequest, @natsRequest]",
        message);
  }

  @Test
  void load_errorInExtensionFile_namesThatFile() throws Exception {
    String types = file("types.graphql", "type Query { version: String }\n");
    String queries =
        file(
            "queries.graphql",
            "\n\nextend type Query { a: String @natsRequest(subject: \"a.>\") }\n");

    String message =
        assertThrows(
                SchemaException.class,
                () -> SchemaLoader.load(List.of(types, queries), DEFAULTS, NO_FETCHER))
            .getMessage();

    assertStartsWith(queries + ":3: Query.a: ", message);
  }

  @Test
  void load_syntaxError_namesFileAndLine() throws Exception {
    String message =
        failure(
            """
        type Query {
          a: String
          b: String(
        }
        """);

    assertTrue(
        message.matches(
            "(?s)"
                + java.util.regex.Pattern.quote(dir.resolve("schema.graphql").toString())
                + ":[34]: .*"),
        message);
  }

  @Test
  void load_sameTypeInTwoFiles_isRefused() throws Exception {
    String one = file("one.graphql", "type Query { a: String }\n");
    String two = file("two.graphql", "type Query { b: String }\n");

    String message =
        assertThrows(
                SchemaException.class,
                () -> SchemaLoader.load(List.of(one, two), DEFAULTS, NO_FETCHER))
            .getMessage();

    assertContains("Query", message);
  }

  @Test
  void load_missingFile_namesIt() {
    String missing = dir.resolve("absent.graphql").toString();

    String message =
        assertThrows(
                SchemaException.class,
                () -> SchemaLoader.load(List.of(missing), DEFAULTS, NO_FETCHER))
            .getMessage();

    assertStartsWith(missing + ": cannot read", message);
  }

  @Test
  void load_missingClasspathResource_namesIt() {
    String message =
        assertThrows(
                SchemaException.class,
                () -> SchemaLoader.load(List.of("classpath:nope.graphql"), DEFAULTS, NO_FETCHER))
            .getMessage();

    assertEquals("classpath:nope.graphql: no such resource", message);
  }

  @Test
  void load_classpathResource_isRead() throws Exception {
    LoadedSchema schema =
        SchemaLoader.load(List.of("classpath:demo/schema.graphql"), DEFAULTS, NO_FETCHER);

    assertFalse(schema.bindings().requests().isEmpty());
  }

  @Test
  void load_fieldOfUnknownType_isRefusedByTheGenerator() throws Exception {
    assertContains("Missing", failure("type Query { a: Missing }"));
  }

  @Test
  void load_listSizeOnAFieldThatIsNoList_namesTheField() throws Exception {
    String message =
        failure(
            """
        type Query {
          order: Order @listSize(assumedSize: 3) @natsRequest(subject: "orders.get")
        }
        type Order { id: ID! }
        """);

    assertStartsWith(at(2) + "Query.order: @listSize belongs on list fields, not Order", message);
  }

  @Test
  void load_listSizeBelowOne_isRefused() throws Exception {
    String message =
        failure(
            """
        type Query {
          orders: [Order] @listSize(assumedSize: 0) @natsRequest(subject: "orders.list")
        }
        type Order { id: ID! }
        """);

    assertStartsWith(
        at(2) + "Query.orders: @listSize(assumedSize:) must be at least 1, not 0", message);
  }
}
