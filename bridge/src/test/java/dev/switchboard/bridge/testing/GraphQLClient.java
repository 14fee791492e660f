package dev.switchboard.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain HTTP client over a real socket, speaking GraphQL over HTTP to a test bridge. {@link
 * #post} and {@link #get} ask for {@code application/graphql-response+json} unless the headers name
 * an Accept (the spec's own media type, whose request errors are 400s); {@link #send} adds nothing.
 */
public final class GraphQLClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public GraphQLClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** POSTs {@code {"query": query}} with default headers. */
  public Response query(String query) {
    return post(body(query, null, null), Map.of());
  }

  public Response query(String query, Map<String, Object> variables) {
    return post(body(query, variables, null), Map.of());
  }

  /**
   * POSTs {@code {"query": query}} as the caller of this token ({@code Authorization: Bearer
   * token}).
   */
  public Response queryAs(String token, String query) {
    return post(body(query, null, null), Map.of("Authorization", "Bearer " + token));
  }

  /** POSTs a JSON body to /graphql with these extra headers (content-type JSON unless given). */
  public Response post(String jsonBody, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/graphql"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
    if (!headers.containsKey("content-type")) {
      request.header("content-type", "application/json");
    }
    acceptGraphQLResponseUnlessNamed(request, headers);
    headers.forEach(request::header);
    return send(request.build());
  }

  /** GET /graphql with these query parameters. */
  public Response get(Map<String, String> params, Map<String, String> headers) {
    StringBuilder query = new StringBuilder();
    params.forEach(
        (name, value) ->
            query
                .append(query.length() == 0 ? "?" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/graphql" + query))
            .timeout(Duration.ofSeconds(30))
            .GET();
    acceptGraphQLResponseUnlessNamed(request, headers);
    headers.forEach(request::header);
    return send(request.build());
  }

  /** Any request to any path, for the HTTP edge cases. */
  public Response send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  private static void acceptGraphQLResponseUnlessNamed(
      HttpRequest.Builder request, Map<String, String> headers) {
    if (headers.keySet().stream().noneMatch("accept"::equalsIgnoreCase)) {
      request.header("Accept", GRAPHQL_RESPONSE);
    }
  }

  public static String body(String query, Map<String, Object> variables, String operationName) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    if (variables != null) {
      body.put("variables", variables);
    }
    if (operationName != null) {
      body.put("operationName", operationName);
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  private Response send(HttpRequest request) {
    try {
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - start) / 1_000_000;
      return new Response(response.statusCode(), response.headers(), response.body(), millis);
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  /** An HTTP answer with its body parsed as JSON (when it is JSON). */
  public record Response(int status, java.net.http.HttpHeaders headers, String text, long millis) {
    public JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException notJson) {
        throw new AssertionError("not JSON: " + text, notJson);
      }
    }

    public JsonNode data() {
      return json().path("data");
    }

    public JsonNode errors() {
      return json().path("errors");
    }

    /** The first error's {@code extensions.code}, or null. */
    public String firstCode() {
      return errors().path(0).path("extensions").path("code").asText(null);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }
}
