package dev.switchboard.bridge.it;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.DocumentedMsgIds;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.SwitchboardHeaders;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Idempotency keys belong to their caller: the same key from two callers stores two events, the
 * same key from one caller stores one; unusable keys and anonymous keys are refused before anything
 * is sent. Each test publishes to its own order's subject, stored by a stream of its own, so the
 * stream's message count is exactly what the test sent.
 */
@Timeout(60)
class IdempotencyKeysIT {
  static final String SDL =
      """
      type Query { ping: String @natsRequest(subject: "%1$s.ping") }
      type Mutation {
        record(id: ID!, status: String): PublishResult
          @natsPublish(subject: "%1$s.orders.{{ args.id }}", stream: true)
        recordKeyed(id: ID!, key: String, status: String): PublishResult
          @natsPublish(subject: "%1$s.orders.{{ args.id }}", stream: true, idempotencyKey: "key")
      }
      """;
  static final String RESULT = "{ ok sequence duplicate }";
  static final AtomicInteger orders = new AtomicInteger();
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();
  static final TestIssuer issuer = TestIssuer.create();
  static Connection connection;
  static JetStreamManagement streams;
  static String prefix;
  static TestBridge bridge;

  String order;
  String stream;

  @BeforeAll
  static void start() throws Exception {
    connection = nats.connect();
    streams = connection.jetStreamManagement();
    prefix = Subjects.uniquePrefix();
    bridge = nats.startBridge(SDL.formatted(prefix), authYaml());
  }

  /** Tokens are checked when sent; requests without one are anonymous guests. */
  static String authYaml() {
    return issuer.authYaml() + "  anonymous: {enabled: true}\nidentity: {enabled: false}\n";
  }

  @BeforeEach
  void ownStream() throws Exception {
    order = "o" + orders.incrementAndGet();
    stream = "KEYS_" + prefix.replace('.', '_') + "_" + order;
    streams.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(prefix + ".orders." + order)
            .storageType(StorageType.Memory)
            .build());
  }

  private long stored() throws Exception {
    return streams.getStreamInfo(stream).getStreamState().getMsgCount();
  }

  private String msgIdOf(long sequence) throws Exception {
    return streams.getMessage(stream, sequence).getHeaders().getFirst(SwitchboardHeaders.MSG_ID);
  }

  private String record() {
    return "mutation { record(id: \"" + order + "\", status: \"PAID\") " + RESULT + " }";
  }

  private static Response post(TestBridge to, String mutation, Map<String, String> headers) {
    return to.client().post(GraphQLClient.body(mutation, null, null), headers);
  }

  private static Map<String, String> as(String subject, String idempotencyKey) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + issuer.tokenFor(subject, claims -> {}));
    if (idempotencyKey != null) {
      headers.put("Idempotency-Key", idempotencyKey);
    }
    return headers;
  }

  // ---- two callers, one key ----

  @Test
  void twoCallersSharingAHeaderKey_bothGetTheirEventsStored_andOneCallerRepeatingItIsADuplicate()
      throws Exception {
    JsonNode alice = post(bridge, record(), as("alice", "k1")).data().path("record");
    JsonNode bob = post(bridge, record(), as("bob", "k1")).data().path("record");
    JsonNode aliceAgain = post(bridge, record(), as("alice", "k1")).data().path("record");

    assertTrue(alice.path("ok").asBoolean() && bob.path("ok").asBoolean(), alice + " " + bob);
    assertFalse(alice.path("duplicate").asBoolean());
    assertFalse(bob.path("duplicate").asBoolean(), "bob's event is his own, not alice's duplicate");
    assertNotEquals(alice.path("sequence").asText(), bob.path("sequence").asText());
    assertTrue(aliceAgain.path("duplicate").asBoolean(), aliceAgain.toString());
    assertEquals(alice.path("sequence").asText(), aliceAgain.path("sequence").asText());
    assertEquals(2, stored());
    assertEquals(
        DocumentedMsgIds.of(TestIssuer.ISSUER, "alice", "k1", "record"),
        msgIdOf(alice.path("sequence").asLong()));
    assertEquals(
        DocumentedMsgIds.of(TestIssuer.ISSUER, "bob", "k1", "record"),
        msgIdOf(bob.path("sequence").asLong()));
  }

  @Test
  void twoCallersSharingAnArgumentKey_bothGetTheirEventsStored() throws Exception {
    String mutation =
        "mutation { recordKeyed(id: \"" + order + "\", key: \"shared\") " + RESULT + " }";

    JsonNode alice = post(bridge, mutation, as("alice", null)).data().path("recordKeyed");
    JsonNode bob = post(bridge, mutation, as("bob", null)).data().path("recordKeyed");
    JsonNode bobAgain = post(bridge, mutation, as("bob", null)).data().path("recordKeyed");

    assertFalse(alice.path("duplicate").asBoolean(), alice.toString());
    assertFalse(bob.path("duplicate").asBoolean(), bob.toString());
    assertTrue(bobAgain.path("duplicate").asBoolean(), bobAgain.toString());
    assertEquals(2, stored());
  }

  // ---- unusable keys: refused, nothing sent ----

  static Stream<Arguments> unusableHeaderKeys() {
    return Stream.of(
        Arguments.of("", "The Idempotency-Key header is empty."),
        Arguments.of(
            "k".repeat(129),
            "The Idempotency-Key header is 129 characters long; at most 128 are allowed."),
        Arguments.of(
            "a\tb",
            "The Idempotency-Key header may hold printable ASCII only (character 2 is not)."));
  }

  @ParameterizedTest
  @MethodSource("unusableHeaderKeys")
  void unusableHeaderKey_isBadUserInput_andNothingIsPublished(String key, String message)
      throws Exception {
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response response = post(bridge, record(), as("alice", key));

      assertEquals("BAD_USER_INPUT", response.firstCode(), response.text());
      assertEquals(message, response.errors().path(0).path("message").asText());
      assertFalse(response.data().path("record").path("ok").asBoolean());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS");
      assertEquals(0, stored());
    }
  }

  /** Java's HTTP client sends non-ASCII header text as '?': these go over a raw socket. */
  static Stream<Arguments> nonAsciiHeaderBytes() {
    return Stream.of(
        Arguments.of("UTF-8 bytes, as curl sends caf\u00e9", "caf\u00e9".getBytes(UTF_8)),
        Arguments.of("a Latin-1 byte", new byte[] {'c', 'a', 'f', (byte) 0xE9}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonAsciiHeaderBytes")
  void nonAsciiHeaderBytes_areBadUserInput_andNothingIsPublished(String name, byte[] key)
      throws Exception {
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      String response = rawPost(key, GraphQLClient.body(record(), null, null));

      assertTrue(response.contains("\"code\":\"BAD_USER_INPUT\""), response);
      assertTrue(
          response.contains(
              "The Idempotency-Key header may hold printable ASCII only (character 4 is not)."),
          response);
      assertEquals(0, spy.messages().size(), "nothing may reach NATS");
      assertEquals(0, stored());
    }
  }

  @Test
  void controlByteInTheHeader_isRefusedByTheHttpLayer_andNothingIsPublished() throws Exception {
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      String response =
          rawPost(new byte[] {'a', 0x01, 'b'}, GraphQLClient.body(record(), null, null));

      assertTrue(response.startsWith("HTTP/1.1 400 "), response);
      assertEquals(0, spy.messages().size(), "nothing may reach NATS");
      assertEquals(0, stored());
    }
  }

  /** POSTs {@code body} as alice with these exact bytes as the Idempotency-Key. */
  private static String rawPost(byte[] key, String body) throws Exception {
    byte[] json = body.getBytes(UTF_8);
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(
        ("POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + json.length
                + "\r\n"
                + "Authorization: "
                + as("alice", null).get("Authorization")
                + "\r\nIdempotency-Key: ")
            .getBytes(US_ASCII));
    request.writeBytes(key);
    request.writeBytes("\r\n\r\n".getBytes(US_ASCII));
    request.writeBytes(json);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), bridge.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.toByteArray());
      return new String(socket.getInputStream().readAllBytes(), UTF_8);
    }
  }

  static Stream<Arguments> unusableArgumentKeys() {
    return Stream.of(
        Arguments.of("", "is empty."),
        Arguments.of("k".repeat(129), "is 129 characters long; at most 128 are allowed."),
        Arguments.of("café", "may hold printable ASCII only (character 4 is not)."),
        Arguments.of("a\u0001b", "may hold printable ASCII only (character 2 is not)."),
        Arguments.of("line\nbreak", "may hold printable ASCII only (character 5 is not)."));
  }

  @ParameterizedTest
  @MethodSource("unusableArgumentKeys")
  void unusableArgumentKey_isBadUserInput_andNothingIsPublished(String key, String reason)
      throws Exception {
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response response =
          bridge
              .client()
              .post(
                  GraphQLClient.body(
                      "mutation($key: String) { recordKeyed(id: \""
                          + order
                          + "\", key: $key) "
                          + RESULT
                          + " }",
                      Map.of("key", key),
                      null),
                  as("alice", null));

      assertEquals("BAD_USER_INPUT", response.firstCode(), response.text());
      assertEquals(
          "The idempotency key (argument 'key') " + reason,
          response.errors().path(0).path("message").asText());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS");
      assertEquals(0, stored());
    }
  }

  // ---- anonymous callers ----

  @Test
  void anonymousHeaderKey_isRefusedByDefault_andNothingIsPublished() throws Exception {
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response response = post(bridge, record(), Map.of("Idempotency-Key", "guest-1"));

      assertEquals("BAD_USER_INPUT", response.firstCode(), response.text());
      assertEquals(
          "Idempotency keys need a signed-in caller: send a bearer token, or leave the key out.",
          response.errors().path(0).path("message").asText());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS");
      assertEquals(0, stored());
    }
  }

  @Test
  void anonymousArgumentKey_isRefusedByDefault_butWithoutAKeyTheGuestMayPublish() throws Exception {
    Response keyed =
        post(
            bridge,
            "mutation { recordKeyed(id: \"" + order + "\", key: \"g\") " + RESULT + " }",
            Map.of());
    Response unkeyed = post(bridge, record(), Map.of());

    assertEquals("BAD_USER_INPUT", keyed.firstCode(), keyed.text());
    assertTrue(unkeyed.data().path("record").path("ok").asBoolean(), unkeyed.text());
    assertEquals(1, stored(), "only the publish without a key");
  }

  @Test
  void anonymousKey_whenConfigured_isAccepted_andDeDuplicated() throws Exception {
    TestBridge lenient =
        nats.startBridge(
            SDL.formatted(prefix), authYaml() + "requests:\n  anonymousIdempotencyKeys: true\n");

    JsonNode first =
        post(lenient, record(), Map.of("Idempotency-Key", "guest-1")).data().path("record");
    JsonNode second =
        post(lenient, record(), Map.of("Idempotency-Key", "guest-1")).data().path("record");

    assertTrue(first.path("ok").asBoolean(), first.toString());
    assertFalse(first.path("duplicate").asBoolean());
    assertTrue(second.path("duplicate").asBoolean(), "all guests share one identity");
    assertEquals(1, stored());
    assertEquals(
        DocumentedMsgIds.of("", "anonymous", "guest-1", "record"),
        msgIdOf(first.path("sequence").asLong()));
  }
}
