package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.limits.DocumentMeasurer;
import dev.switchboard.bridge.limits.OperationLimits;
import dev.switchboard.bridge.schema.LoadedSchema;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import java.util.concurrent.CompletableFuture;

/**
 * graphql-java set up the bridge's way: cached and measured documents, operation limits, one error
 * mapper, coded errors, no per-field hooks.
 */
public final class GraphQLEngine {
  private final GraphQL graphQL;
  private final DocumentCache documents;

  /** Uses {@code http.documentCache}, {@code limits.*} and the introspection switch. */
  public GraphQLEngine(LoadedSchema schema, BridgeConfig config) {
    this.documents =
        new DocumentCache(
            schema.schema(),
            config.http().documentCache(),
            new DocumentMeasurer(schema, config.limits().listSize()),
            new OperationLimits(config.limits(), config.introspectionEnabled()));
    this.graphQL =
        GraphQL.newGraphQL(schema.schema())
            .defaultDataFetcherExceptionHandler(new ErrorRenderer())
            .preparsedDocumentProvider(documents)
            .instrumentation(new ErrorCodingInstrumentation())
            .build();
  }

  /**
   * Parses, validates and measures (or finds the cached result), so callers can look at the
   * operation first. A document with several operations is only checked against the limits once one
   * is named: prefer {@link #prepare(String, String)}.
   */
  public PreparsedDocumentEntry prepare(String query) {
    return prepare(query, null);
  }

  /**
   * The document, or an entry with the error that refuses it: invalid, or the selected operation is
   * over a limit ({@code QUERY_TOO_COMPLEX}) or uses introspection where it is off.
   */
  public PreparsedDocumentEntry prepare(String query, String operationName) {
    return documents.prepare(query, operationName);
  }

  public CompletableFuture<ExecutionResult> execute(ExecutionInput input) {
    return graphQL.executeAsync(input);
  }

  /** For the WebSocket handler, which drives execution itself. */
  public GraphQL graphQL() {
    return graphQL;
  }
}
