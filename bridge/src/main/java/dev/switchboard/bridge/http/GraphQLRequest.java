package dev.switchboard.bridge.http;

import java.util.Map;

/**
 * One GraphQL-over-HTTP request, from a GET query string or a POST JSON body.
 *
 * @param query the document text
 * @param operationName which operation to run, or null
 * @param variables variable values (never null)
 */
record GraphQLRequest(String query, String operationName, Map<String, Object> variables) {}
