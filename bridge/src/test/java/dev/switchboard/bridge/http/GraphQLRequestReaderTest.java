package dev.switchboard.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphQLRequestReaderTest {

  private static MultiMap params(String... namesAndValues) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return params;
  }

  private static GraphQLRequest body(String json) throws BadRequestException {
    return GraphQLRequestReader.fromJsonBody(Buffer.buffer(json));
  }

  /** Reading fails with 400; returns the message. */
  private static String refusedBody(String json) {
    BadRequestException error = assertThrows(BadRequestException.class, () -> body(json));
    assertEquals(400, error.status());
    return error.getMessage();
  }

  private static String refusedParams(MultiMap params) {
    BadRequestException error =
        assertThrows(BadRequestException.class, () -> GraphQLRequestReader.fromQueryParams(params));
    assertEquals(400, error.status());
    return error.getMessage();
  }

  // --- GET ------------------------------------------------------------------------------------

  @Test
  void fromQueryParams_allParameters_areRead() throws Exception {
    GraphQLRequest request =
        GraphQLRequestReader.fromQueryParams(
            params(
                "query", "query Q($id: ID) { order(id: $id) { id } }",
                "operationName", "Q",
                "variables", "{\"id\":\"7\"}"));

    assertEquals("query Q($id: ID) { order(id: $id) { id } }", request.query());
    assertEquals("Q", request.operationName());
    assertEquals(Map.of("id", "7"), request.variables());
  }

  @Test
  void fromQueryParams_onlyQuery_givesNoOperationNameAndEmptyVariables() throws Exception {
    GraphQLRequest request =
        GraphQLRequestReader.fromQueryParams(
            params("query", "{ a }", "operationName", " ", "variables", ""));

    assertNull(request.operationName());
    assertEquals(Map.of(), request.variables());
  }

  @Test
  void fromQueryParams_missingOrBlankQuery_isRefused() {
    assertEquals("The 'query' parameter is required.", refusedParams(params()));
    assertEquals("The 'query' parameter is required.", refusedParams(params("query", "  ")));
  }

  @Test
  void fromQueryParams_variablesNotJson_isRefused() {
    assertEquals(
        "The 'variables' parameter is not valid JSON.",
        refusedParams(params("query", "{ a }", "variables", "{id: 7}")));
  }

  @Test
  void fromQueryParams_variablesNotAnObject_isRefused() {
    assertEquals(
        "'variables' must be a JSON object or null.",
        refusedParams(params("query", "{ a }", "variables", "[1, 2]")));
  }

  @Test
  void fromQueryParams_variablesJsonNull_givesEmptyVariables() throws Exception {
    assertEquals(
        Map.of(),
        GraphQLRequestReader.fromQueryParams(params("query", "{ a }", "variables", "null"))
            .variables());
  }

  @Test
  void fromQueryParams_documentIdWithoutQuery_isRead() throws Exception {
    GraphQLRequest request = GraphQLRequestReader.fromQueryParams(params("documentId", "abc"));

    assertNull(request.query());
    assertEquals("abc", request.documentId());
  }

  @Test
  void fromQueryParams_apqExtensionWithoutQuery_isRead() throws Exception {
    GraphQLRequest request =
        GraphQLRequestReader.fromQueryParams(
            params("extensions", "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"abc\"}}"));

    assertNull(request.query());
    assertEquals(
        Map.of("version", 1, "sha256Hash", "abc"), request.extensions().get("persistedQuery"));
  }

  @Test
  void fromQueryParams_extensionsNotJson_isRefused() {
    assertEquals(
        "The 'extensions' parameter is not valid JSON.",
        refusedParams(params("query", "{ a }", "extensions", "{")));
  }

  // --- POST -----------------------------------------------------------------------------------

  @Test
  void fromJsonBody_documentIdWithoutQuery_isRead() throws Exception {
    GraphQLRequest request = body("{\"documentId\": \"sha256:abc\"}");

    assertNull(request.query());
    assertEquals("sha256:abc", request.documentId());
  }

  @Test
  void fromJsonBody_apqHashWithoutQuery_isRead() throws Exception {
    GraphQLRequest request =
        body("{\"extensions\": {\"persistedQuery\": {\"version\": 1, \"sha256Hash\": \"abc\"}}}");

    assertNull(request.query());
    assertEquals(
        Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", "abc")), request.extensions());
  }

  @Test
  void fromJsonBody_documentIdNotANonEmptyString_isRefused() {
    assertEquals(
        "'documentId' must be a non-empty string or null.", refusedBody("{\"documentId\": 7}"));
    assertEquals(
        "'documentId' must be a non-empty string or null.", refusedBody("{\"documentId\": \"\"}"));
  }

  @Test
  void fromJsonBody_fullRequest_isRead() throws Exception {
    GraphQLRequest request =
        body(
            """
        {"query": "query Q { a }", "operationName": "Q", "variables": {"n": 1, "s": ["x"]}, "extensions": {}}
        """);

    assertEquals("query Q { a }", request.query());
    assertEquals("Q", request.operationName());
    assertEquals(Map.of("n", 1, "s", java.util.List.of("x")), request.variables());
  }

  @Test
  void fromJsonBody_nullOptionalFields_areAllowed() throws Exception {
    GraphQLRequest request =
        body(
            "{\"query\": \"{ a }\", \"operationName\": null, \"variables\": null, \"extensions\": null}");

    assertNull(request.operationName());
    assertEquals(Map.of(), request.variables());
  }

  @Test
  void fromJsonBody_emptyBody_isRefused() {
    assertEquals("The request body is empty; send {\"query\": \"...\"}.", refusedBody(""));
    BadRequestException error =
        assertThrows(BadRequestException.class, () -> GraphQLRequestReader.fromJsonBody(null));
    assertEquals(400, error.status());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "query=%7Ba%7D",
        "{\"query\": \"{ a }\"",
        "{\"query\": \"{ a }\"} trailing",
        "   ",
        "{'query': '{ a }'}"
      })
  void fromJsonBody_notJson_isRefused(String text) {
    assertEquals("The request body is not valid JSON.", refusedBody(text));
  }

  @Test
  void fromJsonBody_jsonArray_isRefusedAsBatching() {
    assertEquals(
        "Batched requests are not supported; send one operation per request.",
        refusedBody("[{\"query\": \"{ a }\"}, {\"query\": \"{ b }\"}]"));
  }

  @Test
  void fromJsonBody_jsonThatIsNotAnObject_isRefused() {
    assertEquals(
        "The request body must be a JSON object with a 'query'.", refusedBody("\"{ a }\""));
    assertEquals("The request body must be a JSON object with a 'query'.", refusedBody("null"));
  }

  @Test
  void fromJsonBody_missingQuery_saysItIsRequired() {
    assertEquals("'query' is required (or a 'documentId').", refusedBody("{\"variables\": {}}"));
  }

  @Test
  void fromJsonBody_queryNotANonEmptyString_isRefused() {
    assertEquals("'query' must be a non-empty string.", refusedBody("{\"query\": 42}"));
    assertEquals("'query' must be a non-empty string.", refusedBody("{\"query\": \" \"}"));
    assertEquals("'query' must be a non-empty string.", refusedBody("{\"query\": null}"));
  }

  @Test
  void fromJsonBody_variablesNotAnObject_isRefused() {
    assertEquals(
        "'variables' must be a JSON object or null.",
        refusedBody("{\"query\": \"{ a }\", \"variables\": \"{}\"}"));
    assertEquals(
        "'variables' must be a JSON object or null.",
        refusedBody("{\"query\": \"{ a }\", \"variables\": [1]}"));
  }

  @Test
  void fromJsonBody_operationNameNotAString_isRefused() {
    assertEquals(
        "'operationName' must be a string or null.",
        refusedBody("{\"query\": \"{ a }\", \"operationName\": 5}"));
  }

  @Test
  void fromJsonBody_extensionsNotAnObject_isRefused() {
    assertEquals(
        "'extensions' must be an object or null.",
        refusedBody("{\"query\": \"{ a }\", \"extensions\": 1}"));
  }

  @Test
  void fromJsonBody_hostileNesting_isRefusedAsNotJson() {
    String deep =
        "{\"query\": \"{ a }\", \"variables\": {\"x\": "
            + "[".repeat(10_000)
            + "]".repeat(10_000)
            + "}}";

    assertEquals("The request body is not valid JSON.", refusedBody(deep));
  }
}
