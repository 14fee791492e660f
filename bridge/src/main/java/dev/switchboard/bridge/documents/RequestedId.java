package dev.switchboard.bridge.documents;

import graphql.ExecutionInput;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The document id a request names, normalised, and how it was sent: as an APQ hash ({@code
 * extensions.persistedQuery.sha256Hash}) or as a {@code documentId}. A request may send both when
 * they agree.
 */
record RequestedId(String id, Form form) {
  /** How the id arrived; APQ clients need the exact message "PersistedQueryNotFound". */
  enum Form {
    APQ,
    DOCUMENT_ID
  }

  /** The id of the input's request, or null when it names none. */
  static RequestedId of(ExecutionInput input) throws DocumentRefused {
    String hash = apqHash(input.getExtensions());
    Object documentId = input.getGraphQLContext().get(DocumentIds.DOCUMENT_ID);
    if (documentId == null) {
      return hash == null ? null : new RequestedId(Sha256.normalise(hash), Form.APQ);
    }
    if (!(documentId instanceof String text) || text.isBlank()) {
      throw DocumentRefused.badRequest("'documentId' must be a non-empty string.");
    }
    String id = Sha256.normalise(text);
    if (hash != null && !Sha256.normalise(hash).equals(id)) {
      throw DocumentRefused.badRequest(
          "'documentId' and 'extensions.persistedQuery.sha256Hash' name different documents.");
    }
    return new RequestedId(id, Form.DOCUMENT_ID);
  }

  private static String apqHash(Map<String, Object> extensions) throws DocumentRefused {
    Object persistedQuery = extensions != null ? extensions.get("persistedQuery") : null;
    if (persistedQuery == null) {
      return null;
    }
    Object hash =
        persistedQuery instanceof Map<?, ?> map
            ? map.get("sha256Hash")
            : persistedQuery instanceof JsonObject json ? json.getValue("sha256Hash") : null;
    if (!(hash instanceof String text) || text.isBlank()) {
      throw DocumentRefused.badRequest(
          "'extensions.persistedQuery' must be an object with a 'sha256Hash' string.");
    }
    return text;
  }
}
