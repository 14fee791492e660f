package dev.switchboard.bridge.http;

import dev.switchboard.bridge.support.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reads GraphQL-over-HTTP requests: GET parameters or a POST {@code application/json} body. */
final class GraphQLRequestReader {
  private GraphQLRequestReader() {}

  static GraphQLRequest fromQueryParams(MultiMap params) throws BadRequestException {
    String query = params.get("query");
    if (query == null || query.isBlank()) {
      throw new BadRequestException(400, "The 'query' parameter is required.");
    }
    Map<String, Object> variables = Map.of();
    String variablesText = params.get("variables");
    if (variablesText != null && !variablesText.isBlank()) {
      Object parsed =
          parseJson(
              variablesText.getBytes(java.nio.charset.StandardCharsets.UTF_8),
              "The 'variables' parameter is not valid JSON.");
      variables = objectOrNull(parsed, "variables");
    }
    return new GraphQLRequest(query, blankToNull(params.get("operationName")), variables);
  }

  static GraphQLRequest fromJsonBody(Buffer body) throws BadRequestException {
    if (body == null || body.length() == 0) {
      throw new BadRequestException(400, "The request body is empty; send {\"query\": \"...\"}.");
    }
    Object parsed = parseJson(body.getBytes(), "The request body is not valid JSON.");
    if (parsed instanceof List) {
      throw new BadRequestException(
          400, "Batched requests are not supported; send one operation per request.");
    }
    if (!(parsed instanceof Map<?, ?> fields)) {
      throw new BadRequestException(400, "The request body must be a JSON object with a 'query'.");
    }
    Object query = fields.get("query");
    if (!(query instanceof String text) || text.isBlank()) {
      throw new BadRequestException(
          400,
          fields.containsKey("query")
              ? "'query' must be a non-empty string."
              : "'query' is required.");
    }
    Object operationName = fields.get("operationName");
    if (operationName != null && !(operationName instanceof String)) {
      throw new BadRequestException(400, "'operationName' must be a string or null.");
    }
    Map<String, Object> variables = objectOrNull(fields.get("variables"), "variables");
    if (fields.get("extensions") != null && !(fields.get("extensions") instanceof Map)) {
      throw new BadRequestException(400, "'extensions' must be an object or null.");
    }
    return new GraphQLRequest(text, blankToNull((String) operationName), variables);
  }

  private static Object parseJson(byte[] json, String message) throws BadRequestException {
    try {
      return Json.parse(json);
    } catch (IOException malformed) {
      throw new BadRequestException(400, message);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectOrNull(Object value, String name)
      throws BadRequestException {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new BadRequestException(400, "'" + name + "' must be a JSON object or null.");
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
