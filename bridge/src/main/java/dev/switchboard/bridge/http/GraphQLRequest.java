package dev.switchboard.bridge.http;

import java.util.Map;

/**
 * One GraphQL-over-HTTP request, from a GET query string or a POST JSON body.
 *
 * @param query the document text, or null when the request names a trusted document by id
 * @param operationName which operation to run, or null
 * @param variables variable values (never null)
 * @param documentId the trusted document's id ({@code documentId}), or null
 * @param extensions the request's {@code extensions} (never null), e.g. the APQ hash in {@code
 *     persistedQuery}
 */
record GraphQLRequest(
    String query,
    String operationName,
    Map<String, Object> variables,
    String documentId,
    Map<String, Object> extensions) {}
