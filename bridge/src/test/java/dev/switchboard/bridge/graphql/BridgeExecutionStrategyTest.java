package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaLoader;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.ExecutionStrategy;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeExecutionStrategyTest {
  static final String SDL =
      """
      type Query {
        order(id: ID!): Order @natsRequest(subject: "orders.get.{{ args.id }}")
      }
      type Order {
        id: ID!
        status: String!
        lines: [Line!]!
        customer: Customer @natsRequest(subject: "customers.get.{{ parent.id }}")
      }
      type Line { sku: ID!, qty: Int! }
      type Customer { name: String! }
      """;
  static final Map<String, Object> ORDER =
      Map.of(
          "id", "o-1",
          "status", "SHIPPED",
          "lines", List.of(Map.of("sku", "a", "qty", 1), Map.of("sku", "b", "qty", 2)));

  @TempDir static Path dir;
  static LoadedSchema schema;

  @BeforeAll
  static void load() throws Exception {
    Path file = Files.writeString(dir.resolve("schema.graphql"), SDL);
    schema =
        SchemaLoader.load(
            List.of(file.toString()),
            new RequestsConfig(null, null, null, null),
            binding ->
                binding.coordinate().equals("Order.customer")
                    ? environment ->
                        environment
                            .getDataLoader("customers")
                            .load(environment.<Map<String, Object>>getSource().get("id"))
                    : environment -> CompletableFuture.completedFuture(ORDER));
  }

  @Test
  void execute_plainJsonSubtree_fetchesOnlyTheNatsField() throws Exception {
    String query = "{ order(id: 1) { id status lines { sku qty } } }";
    AtomicInteger bridgeFetches = new AtomicInteger();
    AtomicInteger standardFetches = new AtomicInteger();

    ExecutionResult bridge =
        run(
            new BridgeExecutionStrategy(schema.schema(), new ErrorRenderer()),
            query,
            bridgeFetches);
    ExecutionResult standard =
        run(new AsyncExecutionStrategy(new ErrorRenderer()), query, standardFetches);

    assertEquals(standard.toSpecification(), bridge.toSpecification());
    assertEquals(Map.of("order", ORDER), bridge.getData());
    assertEquals(1, bridgeFetches.get());
    assertEquals(8, standardFetches.get());
  }

  @Test
  void execute_dataLoaderFieldBesideAShortcutObject_stillDispatches() throws Exception {
    String query =
        "{ a: order(id: 1) { id lines { sku } } b: order(id: 2) { customer { name } lines { qty } } }";

    ExecutionResult result =
        run(
            new BridgeExecutionStrategy(schema.schema(), new ErrorRenderer()),
            query,
            new AtomicInteger());

    assertEquals(List.of(), result.getErrors());
    assertEquals(
        Map.of("name", "customer of o-1"),
        ((Map<?, ?>) ((Map<?, ?>) result.<Map<?, ?>>getData().get("b")).get("customer")));
  }

  private static ExecutionResult run(
      ExecutionStrategy strategy, String query, AtomicInteger fetches) throws Exception {
    DataLoaderRegistry loaders = new DataLoaderRegistry();
    loaders.register(
        "customers",
        DataLoaderFactory.newDataLoader(
            (List<Object> ids) ->
                CompletableFuture.completedFuture(
                    ids.stream()
                        .map(id -> (Object) Map.of("name", "customer of " + id))
                        .toList())));
    GraphQL graphQL =
        GraphQL.newGraphQL(schema.schema())
            .queryExecutionStrategy(strategy)
            .instrumentation(counting(fetches))
            .build();
    ExecutionInput input =
        ExecutionInput.newExecutionInput().query(query).dataLoaderRegistry(loaders).build();
    return graphQL.executeAsync(input).get(5, TimeUnit.SECONDS);
  }

  private static SimplePerformantInstrumentation counting(AtomicInteger fetches) {
    return new SimplePerformantInstrumentation() {
      @Override
      public FieldFetchingInstrumentationContext beginFieldFetching(
          InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        fetches.incrementAndGet();
        return null;
      }
    };
  }
}
