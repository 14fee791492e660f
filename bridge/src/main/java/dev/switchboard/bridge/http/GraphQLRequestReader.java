package dev.switchboard.bridge.http;

import dev.switchboard.bridge.support.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Reads GraphQL-over-HTTP requests: GET parameters or a POST {@code application/json} body. */
final class GraphQLRequestReader {
  private GraphQLRequestReader() {}

  static GraphQLRequest fromQueryParams(MultiMap params) throws BadRequestException {
    String query = blankToNull(params.get("query"));
    Map<String, Object> variables = jsonParam(params, "variables");
    Map<String, Object> extensions = jsonParam(params, "extensions");
    String documentId = blankToNull(params.get("documentId"));
    if (query == null && documentId == null && !extensions.containsKey("persistedQuery")) {
      throw new BadRequestException(400, "The 'query' parameter is required.");
    }
    return new GraphQLRequest(
        query, blankToNull(params.get("operationName")), variables, documentId, extensions);
  }

  /** A GET parameter holding a JSON object ({@code variables}, {@code extensions}). */
  private static Map<String, Object> jsonParam(MultiMap params, String name)
      throws BadRequestException {
    String text = params.get(name);
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    Object parsed =
        parseJson(
            text.getBytes(StandardCharsets.UTF_8),
            "The '" + name + "' parameter is not valid JSON.");
    return objectOrNull(parsed, name);
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
    Object operationName = fields.get("operationName");
    if (operationName != null && !(operationName instanceof String)) {
      throw new BadRequestException(400, "'operationName' must be a string or null.");
    }
    Map<String, Object> variables = objectOrNull(fields.get("variables"), "variables");
    if (fields.get("extensions") != null && !(fields.get("extensions") instanceof Map)) {
      throw new BadRequestException(400, "'extensions' must be an object or null.");
    }
    Map<String, Object> extensions = objectOrNull(fields.get("extensions"), "extensions");
    Object documentId = fields.get("documentId");
    if (documentId != null && (!(documentId instanceof String id) || id.isBlank())) {
      throw new BadRequestException(400, "'documentId' must be a non-empty string or null.");
    }
    Object query = fields.get("query");
    boolean namesDocument = documentId != null || extensions.containsKey("persistedQuery");
    boolean idOnly = query == null && namesDocument;
    if (!idOnly && (!(query instanceof String text) || text.isBlank())) {
      throw new BadRequestException(
          400,
          fields.containsKey("query")
              ? "'query' must be a non-empty string."
              : "'query' is required (or a 'documentId').");
    }
    return new GraphQLRequest(
        (String) query,
        blankToNull((String) operationName),
        variables,
        (String) documentId,
        extensions);
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
