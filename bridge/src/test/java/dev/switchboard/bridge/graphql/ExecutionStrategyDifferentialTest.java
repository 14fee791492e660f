package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.auth.TestCallers;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.documents.DocumentRules;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.FetcherFactory;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.schema.SchemaLoader;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.TraceParent;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bridge's execution strategy answers exactly as graphql-java's own: for a seeded corpus of
 * random documents and random replies (right, null, wrongly typed, missing fields), both responses
 * are equal after JSON normalisation (data in order; errors' message, path, locations and code). No
 * NATS: each NATS-backed field answers a generated reply, decoded the way the bridge decodes.
 */
class ExecutionStrategyDifferentialTest {
  static final int DOCUMENTS = 400;
  static final Caller SIGNED_IN =
      TestCallers.withClaims("u-1", List.of("customer"), Map.of("tenant", "t1"));
  static final long SEED = Long.getLong("differential.seed", 20261201L);

  /** The current document's seed and fault rate, read by every generated reply. */
  private long documentSeed;

  private double faults;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "classpath:differential/schema.graphql",
        "classpath:demo/schema.graphql",
        "../deploy/bench/bench-schema.graphql"
      })
  void execute_generatedCorpus_bridgeStrategyAnswersAsGraphQLJava(String schemaFile)
      throws Exception {
    LoadedSchema schema =
        SchemaLoader.load(
            List.of(schemaFile), new RequestsConfig(null, null, null, null), replies());
    GraphQLEngine standard = engine(schema, schemaFile, "standard");
    GraphQLEngine bridge = engine(schema, schemaFile, "bridge");
    Random corpus = new Random(SEED ^ schemaFile.hashCode());
    DocumentGenerator documents = new DocumentGenerator(schema.schema(), corpus);
    int executed = 0;
    int withErrors = 0;
    int withData = 0;
    for (int i = 0; i < DOCUMENTS; i++) {
      DocumentGenerator.Generated document = documents.next();
      documentSeed = corpus.nextLong();
      faults = corpus.nextInt(3) == 0 ? 0 : corpus.nextDouble() * 0.15;
      // guarded fields: refused for anonymous callers, answered for signed-in ones
      Caller caller = i % 2 == 0 ? Caller.anonymous("anonymous") : SIGNED_IN;
      Map<String, Object> expected = normalised(run(standard, document, caller));
      Map<String, Object> actual = normalised(run(bridge, document, caller));
      assertEquals(
          Json.MAPPER.writeValueAsString(expected),
          Json.MAPPER.writeValueAsString(actual),
          () ->
              "seed "
                  + SEED
                  + ", document "
                  + document
                  + ", reply seed "
                  + documentSeed
                  + ", faults "
                  + faults);
      boolean refused =
          expected.get("data") == null
              && !expected.get("errors").equals(List.of())
              && !((List<?>) expected.get("errors")).get(0).toString().contains("\"path\":[");
      executed += refused ? 0 : 1;
      withErrors += !refused && !expected.get("errors").equals(List.of()) ? 1 : 0;
      withData += expected.get("data") instanceof Map<?, ?> data && !data.isEmpty() ? 1 : 0;
    }
    System.out.printf(
        "%s: %d documents, %d executed, %d with field errors, %d with data%n",
        schemaFile, DOCUMENTS, executed, withErrors, withData);
    assertTrue(executed > DOCUMENTS * 7 / 10, "too many documents refused: " + executed);
    assertTrue(withErrors > DOCUMENTS / 10, "too few field errors: " + withErrors);
  }

  private static ExecutionResult run(
      GraphQLEngine engine, DocumentGenerator.Generated document, Caller caller) throws Exception {
    RequestContext request =
        new RequestContext(
            "c-1", TraceParent.newTrace(), null, caller, null, false, Runnable::run, null);
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(document.query())
            .variables(document.variables())
            .graphQLContext(Map.of(RequestContext.KEY, request))
            .build();
    return engine.execute(input).get(10, TimeUnit.SECONDS);
  }

  /** Data as it is (key order counts); errors reduced to what clients rely on, in one order. */
  static Map<String, Object> normalised(ExecutionResult result) throws Exception {
    Map<String, Object> spec = result.toSpecification();
    List<String> errors = new ArrayList<>();
    for (Object each : (List<?>) spec.getOrDefault("errors", List.of())) {
      Map<?, ?> error = (Map<?, ?>) each;
      Map<String, Object> kept = new LinkedHashMap<>();
      kept.put("message", error.get("message"));
      kept.put("path", error.get("path"));
      kept.put("locations", error.get("locations"));
      Object extensions = error.get("extensions");
      kept.put("code", extensions instanceof Map<?, ?> map ? map.get("code") : null);
      errors.add(Json.MAPPER.writeValueAsString(kept));
    }
    errors.sort(null);
    Map<String, Object> normalised = new LinkedHashMap<>();
    normalised.put("data", spec.get("data"));
    normalised.put("errors", errors);
    return normalised;
  }

  static GraphQLEngine engine(LoadedSchema schema, String schemaFile, String strategy)
      throws Exception {
    BridgeConfig config =
        ConfigLoader.parse(
            """
            schema:
              files: [%s]
            graphql:
              executionStrategy: %s
            limits:
              maxDepth: 50
              maxAliases: 1000
              maxRootFields: 100
              maxFields: 10000
              maxNatsCalls: 100000
            """
                .formatted(schemaFile, strategy),
            Path.of("."),
            Map.of(),
            "differential");
    return new GraphQLEngine(schema, config, DocumentRules.off(), new SimpleMeterRegistry());
  }

  /** Every NATS-backed field answers a reply generated from its path and the document's seed. */
  private FetcherFactory replies() {
    return new FetcherFactory() {
      @Override
      public DataFetcher<?> request(RequestBinding binding) {
        return environment -> reply(environment, binding.coordinate());
      }

      @Override
      public DataFetcher<?> publish(PublishBinding binding) {
        return environment -> reply(environment, binding.coordinate());
      }
    };
  }

  private CompletableFuture<Object> reply(DataFetchingEnvironment environment, String coordinate) {
    // some replies arrive later, on another thread, as NATS replies do
    return generatedReply(
        environment, coordinate, documentSeed, faults, CompletableFuture::runAsync);
  }

  /**
   * A reply generated from the field's path and the document's seed, decoded as the bridge decodes
   * NATS replies; one in four is decoded later on {@code later}.
   */
  static CompletableFuture<Object> generatedReply(
      DataFetchingEnvironment environment,
      String coordinate,
      long documentSeed,
      double faults,
      Executor later) {
    String path = environment.getExecutionStepInfo().getPath().toString();
    Random random = new Random(Objects.hash(documentSeed, path));
    Object reply =
        new ReplyGenerator(environment.getGraphQLSchema(), random, faults)
            .reply(environment.getFieldType());
    CompletableFuture<Object> value = new CompletableFuture<>();
    Runnable decode =
        () -> {
          try {
            value.complete(
                Replies.decode(Json.bytes(reply), environment.getFieldType(), coordinate));
          } catch (BridgeException badReply) {
            value.completeExceptionally(badReply);
          }
        };
    if (random.nextInt(4) == 0) {
      later.execute(decode);
    } else {
      decode.run();
    }
    return value;
  }
}
