package dev.switchboard.subjects;

/**
 * The codes a client finds in {@code extensions.code} of every GraphQL error. Services see the same
 * names, so one vocabulary covers the bridge, its logs and the services behind it.
 */
public enum ErrorCode {
  /** A token is missing, invalid or expired where one is required. */
  UNAUTHENTICATED,
  /** Scopes are missing, or the subject is outside the caller's permissions; nothing was sent. */
  FORBIDDEN,
  /** An argument or claim cannot be used (for example it cannot render into a subject token). */
  BAD_USER_INPUT,
  /** Nobody answers the subject, or NATS is not connected. */
  SERVICE_UNAVAILABLE,
  /** No reply arrived before the deadline. */
  TIMEOUT,
  /** The service replied with a {@code Nats-Service-Error} header. */
  SERVICE_ERROR,
  /** The reply is not valid JSON for the field's type. */
  BAD_REPLY,
  /** Depth, aliases, complexity or size over the configured limits. */
  QUERY_TOO_COMPLEX,
  /** A trusted document or APQ hash the bridge does not know; send the full document. */
  PERSISTED_QUERY_NOT_FOUND,
  /**
   * Only trusted documents run ({@code documents.mode: require}) and this document is not in the
   * manifest (the code Apollo Router uses for the same refusal).
   */
  PERSISTED_QUERY_NOT_IN_LIST,
  /** The caller is over their rate. */
  RATE_LIMITED,
  /** The GraphQL document could not be parsed. */
  GRAPHQL_PARSE_FAILED,
  /** The GraphQL document is not valid against the schema. */
  GRAPHQL_VALIDATION_FAILED,
  /**
   * The HTTP request itself is malformed (missing query, bad JSON, wrong method for a mutation).
   */
  BAD_REQUEST,
  /** Anything else; details are only in the bridge's log, under the correlation id. */
  INTERNAL
}
