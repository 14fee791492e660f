package dev.switchboard.bridge.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.GraphQLSchema;
import java.util.concurrent.CompletableFuture;

/**
 * graphql-java set up the bridge's way: cached documents, one error mapper, coded errors, no
 * per-field hooks.
 */
public final class GraphQLEngine {
  private final GraphQL graphQL;
  private final DocumentCache documents;

  public GraphQLEngine(GraphQLSchema schema, int documentCacheSize) {
    this.documents = new DocumentCache(schema, documentCacheSize);
    this.graphQL =
        GraphQL.newGraphQL(schema)
            .defaultDataFetcherExceptionHandler(new ErrorRenderer())
            .preparsedDocumentProvider(documents)
            .instrumentation(new ErrorCodingInstrumentation())
            .build();
  }

  /**
   * Parses and validates (or finds the cached result), so callers can look at the operation first.
   */
  public PreparsedDocumentEntry prepare(String query) {
    return documents.prepare(query);
  }

  public CompletableFuture<ExecutionResult> execute(ExecutionInput input) {
    return graphQL.executeAsync(input);
  }

  /** For the WebSocket handler, which drives execution itself. */
  public GraphQL graphQL() {
    return graphQL;
  }
}
