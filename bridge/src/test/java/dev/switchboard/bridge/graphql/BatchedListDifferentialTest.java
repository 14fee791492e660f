package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.schema.FetcherFactory;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.schema.SchemaLoader;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.TraceParent;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lists with batched fields ({@code batchKey}), completed a whole level at once by the bridge
 * strategy ({@link BatchedLists}), answer exactly as graphql-java's own strategy: for a seeded
 * corpus of random documents (aliases, fragments, {@code @skip}/{@code @include}, repeated keys)
 * and random batch replies (right, null items, {@code __error} items, wrong length, not an array,
 * wrongly typed values), the responses are equal after JSON normalisation, AND both strategies send
 * the same NATS requests (subject and body): the fallback to graphql-java's completion never sends
 * a second one. Batched fields run the real {@link BatchedRequestFetcher} and data loaders through
 * a {@link CallPipeline} whose transport generates the replies. Execution runs on one thread, as a
 * request runs on its event loop.
 */
class BatchedListDifferentialTest {
  static final String SCHEMA = "classpath:differential/batched.graphql";
  static final int DOCUMENTS = 400;

  private final ExecutorService loop = Executors.newSingleThreadExecutor();
  private final List<String> sent = new ArrayList<>();
  private GraphQLSchema graphQLSchema;
  private long documentSeed;
  private double faults;

  @AfterEach
  void stop() {
    loop.shutdownNow();
  }

  @Test
  void execute_generatedCorpusOfBatchedLists_answersAndSendsAsGraphQLJava() throws Exception {
    LoadedSchema schema =
        SchemaLoader.load(List.of(SCHEMA), new RequestsConfig(null, null, null, null), fetchers());
    graphQLSchema = schema.schema();
    GraphQLEngine standard = ExecutionStrategyDifferentialTest.engine(schema, SCHEMA, "standard");
    GraphQLEngine bridge = ExecutionStrategyDifferentialTest.engine(schema, SCHEMA, "bridge");
    Random corpus = new Random(ExecutionStrategyDifferentialTest.SEED ^ SCHEMA.hashCode());
    DocumentGenerator documents = new DocumentGenerator(schema.schema(), corpus);
    int withErrors = 0;
    int batches = 0;
    for (int i = 0; i < DOCUMENTS; i++) {
      DocumentGenerator.Generated document = documents.next();
      documentSeed = corpus.nextLong();
      faults = corpus.nextInt(3) == 0 ? 0 : corpus.nextDouble() * 0.3;
      Caller caller =
          i % 2 == 0 ? Caller.anonymous("anonymous") : ExecutionStrategyDifferentialTest.SIGNED_IN;
      sent.clear();
      Map<String, Object> expected =
          ExecutionStrategyDifferentialTest.normalised(run(standard, document, caller));
      List<String> expectedSent = sorted(sent);
      sent.clear();
      Map<String, Object> actual =
          ExecutionStrategyDifferentialTest.normalised(run(bridge, document, caller));
      List<String> actualSent = sorted(sent);
      String context =
          "document " + document + ", reply seed " + documentSeed + ", faults " + faults;
      assertEquals(
          Json.MAPPER.writeValueAsString(expected),
          Json.MAPPER.writeValueAsString(actual),
          context);
      assertEquals(expectedSent, actualSent, "the NATS requests differ: " + context);
      withErrors += expected.get("errors").equals(List.of()) ? 0 : 1;
      batches += (int) expectedSent.stream().filter(body -> body.contains("keys")).count();
    }
    System.out.printf(
        "%s: %d documents, %d with errors, %d batches%n", SCHEMA, DOCUMENTS, withErrors, batches);
    assertTrue(withErrors > DOCUMENTS / 10, "too few errors: " + withErrors);
    assertTrue(batches > DOCUMENTS / 2, "too few batches: " + batches);
  }

  private static List<String> sorted(List<String> requests) {
    List<String> copy = new ArrayList<>(requests);
    copy.sort(null);
    return copy;
  }

  private ExecutionResult run(
      GraphQLEngine engine, DocumentGenerator.Generated document, Caller caller) throws Exception {
    RequestContext request =
        new RequestContext("c-1", TraceParent.newTrace(), null, caller, null, false, loop, null);
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(document.query())
            .variables(document.variables())
            .graphQLContext(Map.of(RequestContext.KEY, request))
            .build();
    // the execution starts on the loop, as a request starts on its event loop
    return loop.submit(() -> engine.execute(input)).get().get(10, TimeUnit.SECONDS);
  }

  /** Batched fields: the real fetcher, over a pipeline whose transport generates batch replies. */
  private FetcherFactory fetchers() {
    CallPipeline pipeline =
        CallPipeline.builder(chain -> batchReply(chain.request()), (delay, task) -> () -> {})
            .build();
    return new FetcherFactory() {
      @Override
      public DataFetcher<?> request(RequestBinding binding) {
        if (binding.batched()) {
          return new BatchedRequestFetcher(binding, pipeline, 100_000);
        }
        return environment -> reply(environment, binding.coordinate());
      }
    };
  }

  private CompletionStage<NatsReply> batchReply(NatsRequest request) {
    String body = new String(request.body(), StandardCharsets.UTF_8);
    synchronized (sent) {
      sent.add(request.subject() + " " + body);
    }
    List<?> keys;
    try {
      keys = (List<?>) ((Map<?, ?>) Json.parse(request.body())).get("keys");
    } catch (Exception notJson) {
      throw new IllegalStateException(notJson);
    }
    Random random = new Random(Objects.hash(documentSeed, request.subject(), body));
    GraphQLType customer = graphQLSchema.getType("Customer");
    GraphQLType item =
        request.subject().endsWith("friends") ? GraphQLList.list(customer) : customer;
    ReplyGenerator generator = new ReplyGenerator(graphQLSchema, random, faults);
    Object reply;
    double roll = random.nextDouble();
    if (roll < faults / 4) {
      reply = Map.of("not", "an array");
    } else if (roll < faults / 2) {
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < keys.size() + (random.nextBoolean() ? 1 : -1); i++) {
        items.add(generator.reply(item));
      }
      reply = items;
    } else {
      List<Object> items = new ArrayList<>();
      for (Object key : keys) {
        items.add(
            random.nextDouble() < faults
                ? Map.of("__error", Map.of("code", 404, "message", "no customer " + key))
                : generator.reply(item));
      }
      reply = items;
    }
    NatsReply answer = new NatsReply(Json.bytes(reply), Map.of());
    if (random.nextBoolean()) {
      return CompletableFuture.completedFuture(answer);
    }
    CompletableFuture<NatsReply> later = new CompletableFuture<>();
    loop.execute(() -> later.complete(answer));
    return later;
  }

  /** Unbatched fields answer a reply generated from their path and the document's seed. */
  private CompletableFuture<Object> reply(DataFetchingEnvironment environment, String coordinate) {
    // later ones on the request's loop, as NATS replies arrive
    return ExecutionStrategyDifferentialTest.generatedReply(
        environment, coordinate, documentSeed, faults, loop);
  }
}
