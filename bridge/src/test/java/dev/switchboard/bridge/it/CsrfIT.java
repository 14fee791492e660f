package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSRF prevention, on by default: a POST a browser could send cross-site without a preflight is 415
 * before its body is read, and a WebSocket or SSE stream from a foreign Origin is 403, unless
 * {@code http.allowedOrigins} says otherwise. Nothing reaches NATS for any refusal.
 */
@Timeout(60)
class CsrfIT {
  static final String MUTATION = "mutation { place(via: \"post\") { ok } }";
  static final String PROBE = "{ probe(via: \"sse\") { ok } }";

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static Connection services;
  static String prefix;
  static TestBridge bridge;
  SubjectSpy spy;

  /** The schema the browser test uses too: which vector got through shows in the subject. */
  static String sdl(String prefix) {
    return """
        type Query {
          probe(via: String!): Ack @natsRequest(subject: "%1$s.probe.{{ args.via }}", timeout: "2s", retries: 0)
        }
        type Mutation {
          place(via: String!): Ack @natsRequest(subject: "%1$s.place.{{ args.via }}", timeout: "2s")
        }
        type Ack { ok: Boolean }
        """
        .formatted(prefix);
  }

  static void answerEverything(Connection services, String prefix) {
    Responders.answering(services, "probe", prefix + ".probe.*", "{\"ok\":true}");
    Responders.answering(services, "place", prefix + ".place.*", "{\"ok\":true}");
  }

  @BeforeAll
  static void start() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    answerEverything(services, prefix);
    bridge = nats.startBridge(sdl(prefix));
  }

  @BeforeEach
  void listen() {
    spy = nats.spy(prefix + ".>");
  }

  static Stream<Arguments> contentTypesABrowserSendsWithoutPreflight() {
    return Stream.of(
        Arguments.of("no Content-Type", null),
        Arguments.of("text/plain", "text/plain;charset=UTF-8"),
        Arguments.of("a form", "application/x-www-form-urlencoded"),
        Arguments.of("a multipart form", "multipart/form-data; boundary=----x"),
        Arguments.of("the old application/graphql", "application/graphql"),
        Arguments.of("a JSON look-alike", "application/jsonp"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contentTypesABrowserSendsWithoutPreflight")
  void post_notApplicationJson_is415BadRequest_andSendsNothing(String what, String contentType) {
    Map<String, String> headers = new HashMap<>();
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }

    Response response =
        bridge.client().send("POST", "/graphql", GraphQLClient.body(MUTATION, null, null), headers);

    assertEquals(415, response.status(), response::toString);
    assertEquals("BAD_REQUEST", response.firstCode(), response::toString);
    assertTrue(
        response.errors().path(0).path("message").asText().contains("application/json"),
        response::toString);
    assertTrue(
        response.errors().path(0).path("extensions").has("correlationId"), response::toString);
    assertEquals("close", response.header("connection"), response::toString);
    assertTrue(spy.messages().isEmpty(), "nothing may reach NATS: " + spy.messages());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"application/json", "application/json; charset=utf-8", "Application/JSON"})
  void post_applicationJson_withOrWithoutParameters_runs(String contentType) {
    Response response =
        bridge
            .client()
            .post(GraphQLClient.body(MUTATION, null, null), Map.of("content-type", contentType));

    assertEquals(200, response.status(), response::toString);
    assertTrue(response.data().path("place").path("ok").asBoolean(), response::toString);
    assertEquals(1, spy.messages().size());
  }

  @Test
  void post_textPlain_isAnsweredBeforeItsBodyArrives() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", bridge.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                  + "Content-Length: 100000\r\n\r\n{\"query\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String answer = readAll(socket.getInputStream());

      assertTrue(answer.startsWith("HTTP/1.1 415"), answer);
      assertTrue(answer.contains("BAD_REQUEST"), answer);
    }
    assertTrue(spy.messages().isEmpty());
  }

  @Test
  void webSocket_fromAForeignOrigin_is403() {
    CompletionException refused =
        assertThrows(
            CompletionException.class,
            () -> GraphQLWsClient.connect(bridge, Map.of("Origin", "http://evil.example")));

    WebSocketHandshakeException handshake =
        assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
    assertEquals(403, handshake.getResponse().statusCode());
  }

  @Test
  void webSocket_fromTheBridgesOwnOrigin_orWithoutOrigin_opens() {
    String own = "http://127.0.0.1:" + bridge.port();
    try (GraphQLWsClient sameOrigin = GraphQLWsClient.connect(bridge, Map.of("Origin", own))) {
      sameOrigin.init(Map.of());
    }
    try (GraphQLWsClient noOrigin = GraphQLWsClient.connect(bridge, Map.of())) {
      noOrigin.init(Map.of());
    }
  }

  @Test
  void sse_fromAForeignOrigin_is403Forbidden_andSendsNothing() {
    Response response =
        bridge
            .client()
            .send(
                "GET",
                "/graphql?query=" + URLEncoder.encode(PROBE, StandardCharsets.UTF_8),
                null,
                Map.of("Accept", "text/event-stream", "Origin", "http://evil.example"));

    assertEquals(403, response.status(), response::toString);
    assertEquals("FORBIDDEN", response.firstCode(), response::toString);
    assertTrue(spy.messages().isEmpty(), "nothing may reach NATS: " + spy.messages());
  }

  @Test
  void sse_fromTheBridgesOwnOrigin_orWithoutOrigin_runs() {
    for (Map<String, String> headers :
        List.of(Map.of("Origin", "http://127.0.0.1:" + bridge.port()), Map.<String, String>of())) {
      try (SseClient stream = SseClient.get(bridge.port(), Map.of("query", PROBE), headers)) {
        assertEquals(200, stream.status(), headers::toString);
        assertTrue(stream.next(Duration.ofSeconds(5)).data().contains("\"ok\":true"));
      }
    }
    assertEquals(2, spy.messages().size());
  }

  @Test
  void anyOriginAllowedOnPurpose_streamsOpen_andCorsAllowsEveryOrigin() {
    TestBridge open =
        nats.startBridge(sdl(prefix), "", Map.of("SWITCHBOARD_HTTP_ALLOWED_ORIGINS", "*"));

    try (GraphQLWsClient socket =
        GraphQLWsClient.connect(open, Map.of("Origin", "http://elsewhere.example"))) {
      socket.init(Map.of());
    }
    try (SseClient stream =
        SseClient.get(
            open.port(), Map.of("query", PROBE), Map.of("Origin", "http://elsewhere.example"))) {
      assertEquals(200, stream.status());
    }
    Response preflight =
        open.client()
            .send(
                "OPTIONS",
                "/graphql",
                null,
                Map.of(
                    "Origin", "http://elsewhere.example",
                    "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "content-type"));
    assertTrue(preflight.status() == 200 || preflight.status() == 204, preflight::toString);
    assertEquals("*", preflight.header("access-control-allow-origin"), preflight::toString);
    Response post =
        open.client()
            .post(
                GraphQLClient.body(MUTATION, null, null),
                Map.of("Origin", "http://elsewhere.example"));
    assertEquals(200, post.status(), post::toString);
    assertEquals("*", post.header("access-control-allow-origin"), post::toString);
  }

  /** Everything the server sends until it closes the connection. */
  static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
