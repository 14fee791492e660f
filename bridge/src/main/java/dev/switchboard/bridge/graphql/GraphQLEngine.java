package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.GraphQLConfig;
import dev.switchboard.bridge.documents.DocumentRules;
import dev.switchboard.bridge.documents.TrustedDocuments;
import dev.switchboard.bridge.limits.DocumentMeasurer;
import dev.switchboard.bridge.limits.OperationLimits;
import dev.switchboard.bridge.metrics.ErrorMetrics;
import dev.switchboard.bridge.metrics.OperationMetrics;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.telemetry.Tracing;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.ExecutionStrategy;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * graphql-java set up the bridge's way: cached and measured documents, operation limits, one error
 * mapper, coded errors, no per-field hooks.
 */
public final class GraphQLEngine {
  private final LoadedSchema schema;
  private final GraphQL graphQL;
  private final DocumentCache cache;
  private final PreparsedDocumentProvider documents;
  private final ErrorMetrics errors;

  /**
   * Uses {@code http.documentCache}, {@code limits.*} and the introspection switch.
   *
   * @param rules trusted documents and APQ: resolved in front of the document cache, so every
   *     transport shares them
   * @param metrics operation latency and the codes of the errors answered
   */
  public GraphQLEngine(
      LoadedSchema schema, BridgeConfig config, DocumentRules rules, MeterRegistry metrics) {
    this(schema, config, rules, metrics, Tracing.off());
  }

  /**
   * @param tracing names each request's server span after its operation (when on)
   */
  public GraphQLEngine(
      LoadedSchema schema,
      BridgeConfig config,
      DocumentRules rules,
      MeterRegistry metrics,
      Tracing tracing) {
    this.schema = schema;
    this.cache =
        new DocumentCache(
            schema.schema(),
            config.http().documentCache(),
            new DocumentMeasurer(schema, config.limits().listSize()),
            new OperationLimits(config.limits(), config.introspectionEnabled()));
    this.documents = new TrustedDocuments(rules, cache);
    this.errors = new ErrorMetrics(metrics);
    ErrorRenderer renderer = new ErrorRenderer();
    this.graphQL =
        GraphQL.newGraphQL(schema.schema())
            .defaultDataFetcherExceptionHandler(renderer)
            .queryExecutionStrategy(queryStrategy(schema, config.graphql(), renderer))
            .preparsedDocumentProvider(documents)
            .instrumentation(instrumentation(new OperationMetrics(metrics, errors), tracing))
            .build();
  }

  /**
   * {@code graphql.executionStrategy}; mutations keep graphql-java's serial strategy at their top
   * level, and their nested objects run on this one.
   */
  private static ExecutionStrategy queryStrategy(
      LoadedSchema schema, GraphQLConfig config, ErrorRenderer renderer) {
    return config.executionStrategy() == GraphQLConfig.Strategy.bridge
        ? new BridgeExecutionStrategy(schema.schema(), renderer)
        : new AsyncExecutionStrategy(renderer);
  }

  /**
   * Error coding first (wrapped by the operation spans when tracing is on); metrics after it, so
   * they count the codes the errors end up with.
   */
  private Instrumentation instrumentation(OperationMetrics metrics, Tracing tracing) {
    List<Instrumentation> all = new ArrayList<>(batches(schema));
    all.add(tracing.instrumentation(new ErrorCodingInstrumentation()));
    all.add(metrics);
    all.add(new StreamSequenceInstrumentation());
    return new OperationLevelChain(all);
  }

  /**
   * Per-operation batch loaders (ahead of the chain: they give the input its registry), only for a
   * schema with {@code batchKey} fields: other schemas keep graphql-java's cheaper execution
   * without per-level dispatch.
   */
  private static List<Instrumentation> batches(LoadedSchema schema) {
    return schema.bindings().requests().stream().anyMatch(RequestBinding::batched)
        ? List.of(new OperationLoaders.Install())
        : List.of();
  }

  /**
   * Finds the input's document (by text, or by id: trusted documents and APQ), parses, validates
   * and measures it (or finds the cached result), so callers can look at the operation first. A
   * refused document comes back as an entry with the coded error: an unknown or untrusted id,
   * invalid, or the selected operation over a limit ({@code QUERY_TOO_COMPLEX}) or using
   * introspection where it is off.
   */
  public PreparsedDocumentEntry prepare(ExecutionInput input) {
    PreparsedDocumentEntry entry =
        documents
            .getDocumentAsync(
                input, withText -> cache.prepare(withText.getQuery(), withText.getOperationName()))
            .join();
    // a refused document never runs, so the execution's metrics will not count its errors
    if (entry.hasErrors()) {
      for (GraphQLError error : entry.getErrors()) {
        errors.count(ErrorRenderer.codeOf(error), error.getMessage());
      }
    }
    return entry;
  }

  public CompletableFuture<ExecutionResult> execute(ExecutionInput input) {
    return graphQL.executeAsync(input);
  }

  public LoadedSchema schema() {
    return schema;
  }

  /** For the WebSocket handler, which drives execution itself. */
  public GraphQL graphQL() {
    return graphQL;
  }
}
