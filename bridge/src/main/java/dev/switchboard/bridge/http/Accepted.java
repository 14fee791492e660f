package dev.switchboard.bridge.http;

import graphql.language.OperationDefinition.Operation;
import io.vertx.ext.web.ParsedHeaderValues;

/**
 * What a request's {@code Accept} header allows, and so how its operation is answered: one JSON
 * document, an SSE stream, or (subscriptions only) Apollo's multipart parts.
 *
 * @param mediaType the negotiated JSON or SSE media type ({@link MediaTypes}), null when the client
 *     accepts none of them
 * @param multipart the client accepts {@code multipart/mixed;subscriptionSpec=1.0}
 * @param multipartOverSse the client gives multipart a higher q-value than SSE (on a tie SSE
 *     serves, as it serves every kind of operation)
 */
record Accepted(String mediaType, boolean multipart, boolean multipartOverSse) {
  /** How one operation is answered. */
  enum Transport {
    JSON,
    SSE,
    MULTIPART
  }

  static Accepted of(ParsedHeaderValues headers) {
    float multipart = MultipartFormat.weight(headers);
    return new Accepted(
        MediaTypes.negotiate(headers),
        multipart > 0,
        multipart > MediaTypes.eventStreamWeight(headers));
  }

  /** The client accepts nothing the bridge can answer with (406). */
  boolean nothing() {
    return mediaType == null && !multipart;
  }

  /**
   * Refusals before any stream starts are one JSON document, never labelled as a stream; a
   * multipart-only client gets the GraphQL-over-HTTP media type.
   */
  String errorMediaType() {
    return mediaType == null || MediaTypes.EVENT_STREAM.equals(mediaType)
        ? MediaTypes.GRAPHQL_RESPONSE
        : mediaType;
  }

  /**
   * Subscriptions: multipart when the client prefers it to SSE by q-value; else SSE when it is
   * negotiated (it serves every kind); multipart for subscriptions when accepted; else one JSON
   * document (a subscription is then refused by the caller).
   *
   * @throws BadRequestException 406 for a query or mutation from a client that accepts only
   *     multipart subscriptions
   */
  Transport transportFor(Operation operation) throws BadRequestException {
    if (multipartOverSse && operation == Operation.SUBSCRIPTION) {
      return Transport.MULTIPART;
    }
    if (MediaTypes.EVENT_STREAM.equals(mediaType)) {
      return Transport.SSE;
    }
    if (multipart && operation == Operation.SUBSCRIPTION) {
      return Transport.MULTIPART;
    }
    if (mediaType == null) {
      throw new BadRequestException(
          406,
          "multipart/mixed;subscriptionSpec=1.0 carries subscriptions only; accept"
              + " application/graphql-response+json or application/json for queries and mutations.");
    }
    return Transport.JSON;
  }
}
