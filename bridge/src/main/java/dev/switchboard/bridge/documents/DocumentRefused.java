package dev.switchboard.bridge.documents;

import dev.switchboard.subjects.ErrorCode;
import graphql.execution.preparsed.persisted.PersistedQueryError;

/**
 * Why a request's document does not run, as graphql-java's persisted query support expects it (a
 * {@link PersistedQueryError}); {@link TrustedDocuments} turns it into a coded GraphQL error.
 */
final class DocumentRefused extends PersistedQueryError {
  /** What APQ clients (Apollo Client, urql, ...) look for before they resend the full text. */
  static final String NOT_FOUND = "PersistedQueryNotFound";

  private final ErrorCode code;
  private final String message;

  DocumentRefused(ErrorCode code, String message) {
    this.code = code;
    this.message = message;
  }

  static DocumentRefused badRequest(String message) {
    return new DocumentRefused(ErrorCode.BAD_REQUEST, message);
  }

  ErrorCode code() {
    return code;
  }

  @Override
  public String getMessage() {
    return message;
  }

  @Override
  public String toString() {
    return code + ": " + message;
  }
}
