package dev.switchboard.bridge.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed and validated documents, by query text. Parsing and validating is most of graphql-java's
 * per-request cost, and clients send the same few queries again and again. Documents with errors
 * are cached too, so a client repeating a bad query costs nothing more. Very large query texts are
 * not kept, so the cache's memory stays bounded.
 */
final class DocumentCache implements PreparsedDocumentProvider {
  static final int LARGEST_CACHED_QUERY = 16 * 1024;
  private final GraphQLSchema schema;
  private final Cache<String, PreparsedDocumentEntry> entries;

  DocumentCache(GraphQLSchema schema, int maximumSize) {
    this.schema = schema;
    this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /** The document for a query, parsed and validated once. */
  PreparsedDocumentEntry prepare(String query) {
    if (query.length() > LARGEST_CACHED_QUERY) {
      return parseAndValidate(query);
    }
    return entries.get(query, this::parseAndValidate);
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    return CompletableFuture.completedFuture(prepare(input.getQuery()));
  }

  private PreparsedDocumentEntry parseAndValidate(String query) {
    ParseAndValidateResult parsed =
        ParseAndValidate.parse(ExecutionInput.newExecutionInput(query).build());
    if (parsed.isFailure()) {
      return new PreparsedDocumentEntry(parsed.getSyntaxException().toInvalidSyntaxError());
    }
    List<ValidationError> errors = ParseAndValidate.validate(schema, parsed.getDocument());
    return errors.isEmpty()
        ? new PreparsedDocumentEntry(parsed.getDocument())
        : new PreparsedDocumentEntry(parsed.getDocument(), errors);
  }
}
