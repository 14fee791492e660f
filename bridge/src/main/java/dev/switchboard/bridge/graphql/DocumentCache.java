package dev.switchboard.bridge.graphql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.bridge.limits.DocumentMeasurer;
import dev.switchboard.bridge.limits.OperationLimits;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Parsed, validated and measured documents, by query text. Parsing and validating is most of
 * graphql-java's per-request cost, and clients send the same few queries again and again. Documents
 * with errors are cached too, so a client repeating a bad query costs nothing more. Very large
 * query texts are not kept, so the cache's memory stays bounded.
 *
 * <p>Every way in (HTTP through {@link #prepare}, WebSocket and SSE through graphql-java's {@link
 * #getDocumentAsync}) checks the selected operation against the limits before anything runs.
 */
final class DocumentCache implements PreparsedDocumentProvider {
  static final int LARGEST_CACHED_QUERY = 16 * 1024;
  private final GraphQLSchema schema;
  private final DocumentMeasurer measurer;
  private final OperationLimits limits;
  private final Cache<String, MeasuredDocument> entries;

  DocumentCache(
      GraphQLSchema schema, int maximumSize, DocumentMeasurer measurer, OperationLimits limits) {
    this.schema = schema;
    this.measurer = measurer;
    this.limits = limits;
    this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /**
   * The document for a query, parsed, validated and measured once; an entry with the error when the
   * operation it selects is over a limit (or uses introspection where it is off).
   *
   * @param operationName the operation to run; may be null when the document has only one
   */
  PreparsedDocumentEntry prepare(String query, String operationName) {
    MeasuredDocument document =
        query.length() > LARGEST_CACHED_QUERY
            ? parseAndValidate(query)
            : entries.get(query, this::parseAndValidate);
    return document.admit(operationName);
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    return CompletableFuture.completedFuture(prepare(input.getQuery(), input.getOperationName()));
  }

  private MeasuredDocument parseAndValidate(String query) {
    ParseAndValidateResult parsed =
        ParseAndValidate.parse(ExecutionInput.newExecutionInput(query).build());
    if (parsed.isFailure()) {
      return new MeasuredDocument(
          new PreparsedDocumentEntry(parsed.getSyntaxException().toInvalidSyntaxError()), Map.of());
    }
    List<ValidationError> errors = ParseAndValidate.validate(schema, parsed.getDocument());
    if (!errors.isEmpty()) {
      return new MeasuredDocument(
          new PreparsedDocumentEntry(parsed.getDocument(), errors), Map.of());
    }
    PreparsedDocumentEntry entry = new PreparsedDocumentEntry(parsed.getDocument());
    // Each operation's verdict is decided here, once: a cached document costs a lookup per request.
    Map<String, PreparsedDocumentEntry> byOperation = new HashMap<>();
    measurer
        .measure(parsed.getDocument())
        .forEach(
            (name, measure) ->
                byOperation.put(
                    name, limits.refusal(measure).map(PreparsedDocumentEntry::new).orElse(entry)));
    return new MeasuredDocument(entry, byOperation);
  }

  /**
   * A document as cached: graphql-java's entry and, when it is valid, the entry each operation runs
   * with (by name, {@code ""} for the anonymous one): the document's, or one carrying its refusal.
   */
  private record MeasuredDocument(
      PreparsedDocumentEntry entry, Map<String, PreparsedDocumentEntry> operations) {

    /**
     * The entry to run, or one carrying the refusal. An operation that is not there (no such name,
     * or several and none named) is left to graphql-java, which refuses to run it.
     */
    PreparsedDocumentEntry admit(String operationName) {
      PreparsedDocumentEntry selected =
          operationName == null || operationName.isEmpty()
              ? (operations.size() == 1 ? operations.values().iterator().next() : null)
              : operations.get(operationName);
      return selected != null ? selected : entry;
    }
  }
}
