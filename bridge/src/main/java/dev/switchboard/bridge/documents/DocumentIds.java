package dev.switchboard.bridge.documents;

import graphql.ExecutionInput;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * How a request names its document on graphql-java's {@link ExecutionInput}, the same for every
 * transport: the text as the query (graphql-java's marker when there is none), the APQ hash where
 * clients put it ({@code extensions.persistedQuery.sha256Hash}), and a {@code documentId} in the
 * GraphQL context. {@link TrustedDocuments} reads them back when the document is looked up.
 */
public final class DocumentIds {
  static final String DOCUMENT_ID = "switchboard.documentId";

  private DocumentIds() {}

  /**
   * Sets the document part of an input from an HTTP request.
   *
   * @param query the text, or null when the request sends only an id
   * @param documentId the request's {@code documentId}, or null
   * @param extensions the request's {@code extensions} (never null)
   */
  public static ExecutionInput.Builder describe(
      ExecutionInput.Builder input,
      String query,
      String documentId,
      Map<String, Object> extensions) {
    input.query(query != null ? query : PersistedQuerySupport.PERSISTED_QUERY_MARKER);
    input.extensions(extensions);
    if (documentId != null) {
      input.graphQLContext(Map.of(DOCUMENT_ID, documentId));
    }
    return input;
  }

  /**
   * Adds a graphql-transport-ws {@code subscribe} message's {@code documentId}: Vert.x reads the
   * query and the extensions (and puts graphql-java's marker in place of a missing query when an
   * APQ hash is there), but not this field.
   */
  public static void fromSubscribe(JsonObject message, ExecutionInput.Builder input) {
    JsonObject payload = message.getJsonObject("payload");
    Object documentId = payload != null ? payload.getValue("documentId") : null;
    if (documentId == null) {
      return;
    }
    input.graphQLContext(Map.of(DOCUMENT_ID, documentId));
    if (payload.getValue("query") == null) {
      input.query(PersistedQuerySupport.PERSISTED_QUERY_MARKER);
    }
  }

  /** The document text the request sent, or null when it sent only an id. */
  static String text(ExecutionInput input) {
    String query = input.getQuery();
    return query == null
            || query.isBlank()
            || PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(query)
        ? null
        : query;
  }
}
