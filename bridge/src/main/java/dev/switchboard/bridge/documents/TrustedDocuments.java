package dev.switchboard.bridge.documents;

import dev.switchboard.subjects.ErrorCode;
import graphql.ExecutionInput;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.execution.preparsed.persisted.PersistedQueryError;
import graphql.execution.preparsed.persisted.PersistedQueryIdInvalid;
import graphql.execution.preparsed.persisted.PersistedQueryNotFound;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Trusted documents and APQ as graphql-java's {@link PreparsedDocumentProvider}, in front of the
 * bridge's document cache ({@code next}): every transport (HTTP, SSE, WebSocket) runs through it,
 * and a refused document is never parsed. graphql-java's {@link PersistedQuerySupport} does the
 * id-to-document flow ({@link DocumentRules} is its cache); this class says where ids are, checks
 * free text in mode {@code require}, and gives each refusal a code.
 */
public final class TrustedDocuments extends PersistedQuerySupport {
  private final DocumentRules rules;
  private final PreparsedDocumentProvider next;

  public TrustedDocuments(DocumentRules rules, PreparsedDocumentProvider next) {
    super(rules);
    this.rules = rules;
    this.next = next;
  }

  @Override
  public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    try {
      if (RequestedId.of(input) == null) {
        String text = DocumentIds.text(input);
        if (text != null) {
          rules.admitText(text);
        }
        return next.getDocumentAsync(input, parseAndValidate);
      }
    } catch (DocumentRefused refused) {
      return CompletableFuture.completedFuture(mkMissingError(refused));
    }
    return super.getDocumentAsync(
        input, withText -> next.getDocumentAsync(withText, parseAndValidate).join());
  }

  @Override
  protected Optional<Object> getPersistedQueryId(ExecutionInput input) {
    return Optional.ofNullable(RequestedId.of(input));
  }

  @Override
  protected boolean persistedQueryIdIsInvalid(Object persistedQueryId, String text) {
    return !Sha256.hex(text).equals(((RequestedId) persistedQueryId).id());
  }

  @Override
  protected PreparsedDocumentEntry mkMissingError(PersistedQueryError error) {
    if (error instanceof DocumentRefused refused) {
      return refusal(refused.code(), refused.getMessage());
    }
    if (error instanceof PersistedQueryNotFound notFound
        && notFound.getPersistedQueryId() instanceof RequestedId requested) {
      return refusal(
          ErrorCode.PERSISTED_QUERY_NOT_FOUND,
          requested.form() == RequestedId.Form.APQ
              ? DocumentRefused.NOT_FOUND
              : "No trusted document has this documentId.");
    }
    if (error instanceof PersistedQueryIdInvalid) {
      return refusal(
          ErrorCode.BAD_REQUEST,
          "The query does not match its id: the id must be the SHA-256 (hex) of the query text.");
    }
    return refusal(ErrorCode.BAD_REQUEST, error.getMessage());
  }

  private static PreparsedDocumentEntry refusal(ErrorCode code, String message) {
    return new PreparsedDocumentEntry(
        GraphqlErrorBuilder.newError()
            .message(message)
            .extensions(Map.of("code", code.name()))
            .build());
  }
}
