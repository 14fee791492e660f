package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.testing.DocumentedMsgIds;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @natsPublish} end to end: core publishes reach subscribers with the header contract;
 * stream publishes answer only once the stream stored the message, de-duplicate on the idempotency
 * key, are retried with the same {@code Nats-Msg-Id} only when they carry one, and never report a
 * refusal as success. What reached NATS is read from NATS itself (a subscriber, the stream, a spy).
 */
@Timeout(60)
class PublishIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SDL =
      """
      type Query { ping: String @natsRequest(subject: "%1$s.ping") }
      type Mutation {
        track(page: String!, count: Int): PublishResult @natsPublish(subject: "%1$s.clicks.{{ args.page }}")
        trackInput(page: String!, input: ClickInput!): PublishResult
          @natsPublish(subject: "%1$s.clicks.{{ args.page }}", body: "input")
        record(id: ID!, status: String): PublishResult @natsPublish(subject: "%1$s.orders.{{ args.id }}", stream: true)
        recordKeyed(id: ID!, key: String, status: String): PublishResult
          @natsPublish(subject: "%1$s.orders.{{ args.id }}", stream: true, idempotencyKey: "key")
        note(id: ID!, text: String): PublishResult @natsPublish(subject: "%1$s.orders.{{ args.id }}", stream: true)
        nowhere(id: ID!): PublishResult @natsPublish(subject: "%1$s.nowhere.{{ args.id }}", stream: true, timeout: "2s")
        limited(n: Int): PublishResult @natsPublish(subject: "%1$s.limited", stream: true, timeout: "2s")
        small(text: String): PublishResult @natsPublish(subject: "%1$s.small", stream: true, timeout: "2s")
        flaky(n: Int, key: String): PublishResult
          @natsPublish(subject: "%1$s.flaky", stream: true, timeout: "2s", retries: 2, idempotencyKey: "key")
      }
      input ClickInput { x: Int, y: Int }
      """;
  static final String RESULT = "{ ok stream sequence duplicate }";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();
  static final TestIssuer issuer = TestIssuer.create();

  Connection connection;
  JetStreamManagement streams;
  String prefix;
  String ordersStream;
  TestBridge bridge;

  @BeforeEach
  void start() throws Exception {
    connection = nats.connect();
    streams = connection.jetStreamManagement();
    prefix = Subjects.uniquePrefix();
    ordersStream = streamName("ORDERS");
    addStream(StreamConfiguration.builder().name(ordersStream).subjects(prefix + ".orders.>"));
    // Tokens are checked but not required: keyed publishes come from a signed-in caller, since
    // anonymous callers may not send idempotency keys (IdempotencyKeysIT covers that).
    bridge =
        nats.startBridge(
            SDL.formatted(prefix),
            issuer.authYaml() + "  anonymous: {enabled: true}\nidentity: {enabled: false}\n");
  }

  private String streamName(String base) {
    return base + "_" + prefix.replace('.', '_');
  }

  private void addStream(StreamConfiguration.Builder config) throws Exception {
    streams.addStream(config.storageType(StorageType.Memory).build());
  }

  private Response mutate(String mutation, Map<String, String> headers) {
    return bridge.client().post(GraphQLClient.body(mutation, null, null), headers);
  }

  /** As the signed-in caller "alice", with these headers too. */
  private Response mutateAsAlice(String mutation, Map<String, String> headers) {
    Map<String, String> signedIn = new HashMap<>(headers);
    signedIn.put("Authorization", "Bearer " + issuer.tokenFor("alice", claims -> {}));
    return mutate(mutation, signedIn);
  }

  private static String aliceMsgId(String key, String fieldPath) {
    return DocumentedMsgIds.of(TestIssuer.ISSUER, "alice", key, fieldPath);
  }

  private long storedCount(String stream) throws Exception {
    return streams.getStreamInfo(stream).getStreamState().getMsgCount();
  }

  // ---- core publish ----

  @Test
  void corePublish_answersOk_andASubscriberReceivesTheArgumentsWithTheContractHeaders()
      throws Exception {
    BlockingQueue<Message> received = subscribe(prefix + ".clicks.>");
    String trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    Response response =
        mutate(
            "mutation Clicks { track(page: \"home\", count: 3) { ok stream sequence } }",
            Map.of("X-Request-Id", "req-publish-1", "traceparent", trace));

    assertEquals(200, response.status(), response.text());
    assertTrue(response.data().path("track").path("ok").asBoolean(), response.text());
    assertTrue(
        response.data().path("track").path("sequence").isNull(), "a core publish has no sequence");
    Message message = received.poll(5, TimeUnit.SECONDS);
    assertNotNull(message, "the subscriber received the publish");
    assertEquals(prefix + ".clicks.home", message.getSubject());
    assertEquals(Map.of("page", "home", "count", 3), JSON.readValue(message.getData(), Map.class));
    assertEquals("req-publish-1", message.getHeaders().getFirst(SwitchboardHeaders.CORRELATION_ID));
    TraceParent sent =
        TraceParent.parse(message.getHeaders().getFirst(SwitchboardHeaders.TRACEPARENT));
    assertEquals("0af7651916cd43dd8448eb211c80319c", sent.traceId());
    assertEquals("Clicks", message.getHeaders().getFirst(SwitchboardHeaders.OPERATION));
    assertEquals("track", message.getHeaders().getFirst(SwitchboardHeaders.FIELD_PATH));
    assertEquals("req-publish-1", response.header("X-Correlation-Id"));
  }

  @Test
  void corePublish_withABodyArgument_sendsOnlyThatArgument() throws Exception {
    BlockingQueue<Message> received = subscribe(prefix + ".clicks.>");

    Response response =
        mutate("mutation { trackInput(page: \"cart\", input: {x: 1, y: 2}) { ok } }", Map.of());

    assertTrue(response.data().path("trackInput").path("ok").asBoolean(), response.text());
    Message message = received.poll(5, TimeUnit.SECONDS);
    assertNotNull(message);
    assertEquals(prefix + ".clicks.cart", message.getSubject());
    assertEquals(Map.of("x", 1, "y", 2), JSON.readValue(message.getData(), Map.class));
    assertNotNull(message.getHeaders().getFirst(SwitchboardHeaders.CORRELATION_ID));
    assertNotNull(message.getHeaders().getFirst(SwitchboardHeaders.TRACEPARENT));
  }

  @Test
  void manyConcurrentCorePublishes_areAllConfirmed_andEachIsReceivedOnce() throws Exception {
    BlockingQueue<Message> received = subscribe(prefix + ".clicks.>");
    List<CompletableFuture<Response>> answers =
        IntStream.range(0, 50)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            mutate(
                                "mutation { track(page: \"p" + i + "\", count: " + i + ") { ok } }",
                                Map.of())))
            .toList();

    for (CompletableFuture<Response> answer : answers) {
      Response response = answer.get(30, TimeUnit.SECONDS);
      assertTrue(response.data().path("track").path("ok").asBoolean(), response.text());
    }
    Set<String> subjects = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      Message message = received.poll(5, TimeUnit.SECONDS);
      assertNotNull(message, "message " + i + " of 50");
      assertTrue(subjects.add(message.getSubject()), "received once: " + message.getSubject());
    }
    assertEquals(
        IntStream.range(0, 50).mapToObj(i -> prefix + ".clicks.p" + i).collect(Collectors.toSet()),
        subjects);
  }

  private BlockingQueue<Message> subscribe(String subject) throws Exception {
    BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    Dispatcher dispatcher = connection.createDispatcher(received::add);
    dispatcher.subscribe(subject);
    connection.flush(Duration.ofSeconds(5));
    return received;
  }

  // ---- stream publish ----

  @Test
  void streamPublish_answersWithTheStreamAndSequence_andTheMessageIsStored() throws Exception {
    Response response =
        mutate("mutation { record(id: \"o1\", status: \"PAID\") " + RESULT + " }", Map.of());

    JsonNode result = response.data().path("record");
    assertTrue(result.path("ok").asBoolean(), response.text());
    assertEquals(ordersStream, result.path("stream").asText());
    assertFalse(result.path("duplicate").asBoolean());
    long sequence = Long.parseLong(result.path("sequence").asText());
    MessageInfo stored = streams.getMessage(ordersStream, sequence);
    assertEquals(prefix + ".orders.o1", stored.getSubject());
    assertEquals(Map.of("id", "o1", "status", "PAID"), JSON.readValue(stored.getData(), Map.class));
    assertNotNull(stored.getHeaders().getFirst(SwitchboardHeaders.CORRELATION_ID));
    assertEquals(1, storedCount(ordersStream));
  }

  @Test
  void
      sameIdempotencyKeyHeaderTwice_storesOneMessage_andTheSecondAnswerIsADuplicateWithTheSameSequence()
          throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", "order-o2-paid");
    Response first =
        mutateAsAlice("mutation { record(id: \"o2\", status: \"PAID\") " + RESULT + " }", key);
    Response second =
        mutateAsAlice("mutation { record(id: \"o2\", status: \"PAID\") " + RESULT + " }", key);

    assertTrue(first.data().path("record").path("ok").asBoolean(), first.text());
    assertFalse(first.data().path("record").path("duplicate").asBoolean());
    assertTrue(second.data().path("record").path("ok").asBoolean(), second.text());
    assertTrue(second.data().path("record").path("duplicate").asBoolean(), second.text());
    assertEquals(
        first.data().path("record").path("sequence").asText(),
        second.data().path("record").path("sequence").asText());
    assertEquals(1, storedCount(ordersStream));
    String msgId =
        streams.getMessage(ordersStream, 1).getHeaders().getFirst(SwitchboardHeaders.MSG_ID);
    assertEquals(
        aliceMsgId("order-o2-paid", "record"), msgId, "the caller, the key and the field's path");
  }

  @Test
  void sameIdempotencyKeyArgumentTwice_storesOneMessage_andTheSecondAnswerIsADuplicate()
      throws Exception {
    String mutation =
        "mutation { recordKeyed(id: \"o3\", key: \"k-o3\", status: \"SHIPPED\") " + RESULT + " }";
    Response first = mutateAsAlice(mutation, Map.of());
    Response second = mutateAsAlice(mutation, Map.of());

    assertFalse(first.data().path("recordKeyed").path("duplicate").asBoolean(), first.text());
    assertTrue(second.data().path("recordKeyed").path("duplicate").asBoolean(), second.text());
    assertEquals(
        first.data().path("recordKeyed").path("sequence").asText(),
        second.data().path("recordKeyed").path("sequence").asText());
    assertEquals(1, storedCount(ordersStream));
    assertEquals(
        aliceMsgId("k-o3", "recordKeyed"),
        streams.getMessage(ordersStream, 1).getHeaders().getFirst(SwitchboardHeaders.MSG_ID),
        "the argument form is derived like the header form");
  }

  @Test
  void twoPublishFieldsInOneMutation_withOneIdempotencyKey_storeTwoDistinctMessages()
      throws Exception {
    Response response =
        mutateAsAlice(
            "mutation { record(id: \"o4\", status: \"PAID\") "
                + RESULT
                + " note(id: \"o4\", text: \"gift wrap\") "
                + RESULT
                + " }",
            Map.of("Idempotency-Key", "batch-7"));

    JsonNode record = response.data().path("record");
    JsonNode note = response.data().path("note");
    assertTrue(record.path("ok").asBoolean() && note.path("ok").asBoolean(), response.text());
    assertFalse(record.path("duplicate").asBoolean());
    assertFalse(
        note.path("duplicate").asBoolean(), "the second field is not a duplicate of the first");
    assertNotEquals(record.path("sequence").asText(), note.path("sequence").asText());
    assertEquals(2, storedCount(ordersStream));
    assertNotEquals(
        streams.getMessage(ordersStream, 1).getHeaders().getFirst(SwitchboardHeaders.MSG_ID),
        streams.getMessage(ordersStream, 2).getHeaders().getFirst(SwitchboardHeaders.MSG_ID));
  }

  @Test
  void streamPublish_toASubjectNoStreamStores_isServiceUnavailable_andNotOk() {
    Response response = mutate("mutation { nowhere(id: \"x\") " + RESULT + " }", Map.of());

    assertEquals("SERVICE_UNAVAILABLE", response.firstCode(), response.text());
    assertFalse(response.data().path("nowhere").path("ok").asBoolean(), response.text());
    assertTrue(
        response.millis() < 2500,
        "answered without waiting out the deadline: " + response.millis() + " ms");
  }

  @Test
  void aStreamThatIsFull_refusesTheMessage_andTheAnswerIsAServiceErrorNotSuccess()
      throws Exception {
    String limited = streamName("LIMITED");
    addStream(
        StreamConfiguration.builder()
            .name(limited)
            .subjects(prefix + ".limited")
            .maxMessages(1)
            .discardPolicy(DiscardPolicy.New));

    Response first = mutate("mutation { limited(n: 1) " + RESULT + " }", Map.of());
    Response second = mutate("mutation { limited(n: 2) " + RESULT + " }", Map.of());

    assertTrue(first.data().path("limited").path("ok").asBoolean(), first.text());
    assertEquals("SERVICE_ERROR", second.firstCode(), second.text());
    assertFalse(second.data().path("limited").path("ok").asBoolean(), second.text());
    assertEquals(1, storedCount(limited));
  }

  @Test
  void aStreamThatIsFull_refusesAKeyedPublishToo_andTheAnswerIsAServiceError() throws Exception {
    String limited = streamName("LIMITED");
    addStream(
        StreamConfiguration.builder()
            .name(limited)
            .subjects(prefix + ".limited")
            .maxMessages(1)
            .discardPolicy(DiscardPolicy.New));
    mutate("mutation { limited(n: 1) { ok } }", Map.of());

    Response refused =
        mutateAsAlice(
            "mutation { limited(n: 2) " + RESULT + " }", Map.of("Idempotency-Key", "full-2"));

    assertEquals("SERVICE_ERROR", refused.firstCode(), refused.text());
    assertFalse(refused.data().path("limited").path("ok").asBoolean(), refused.text());
    assertEquals(1, storedCount(limited));
  }

  @Test
  void aMessageOverTheStreamsSizeLimit_isAServiceError_andNothingIsStored() throws Exception {
    String small = streamName("SMALL");
    addStream(
        StreamConfiguration.builder()
            .name(small)
            .subjects(prefix + ".small")
            .maximumMessageSize(64));

    Response response =
        mutate("mutation { small(text: \"" + "x".repeat(200) + "\") " + RESULT + " }", Map.of());

    assertEquals("SERVICE_ERROR", response.firstCode(), response.text());
    assertFalse(response.data().path("small").path("ok").asBoolean(), response.text());
    assertEquals(0, storedCount(small));
  }

  // ---- retries ----

  /**
   * Answers like a stream would, but ignores the first {@code ignored} requests; keeps what it saw.
   */
  private List<Message> pubAckResponderIgnoringFirst(int ignored) throws Exception {
    List<Message> seen = new CopyOnWriteArrayList<>();
    Dispatcher dispatcher =
        connection.createDispatcher(
            request -> {
              seen.add(request);
              if (seen.size() > ignored) {
                connection.publish(
                    request.getReplyTo(),
                    "{\"stream\":\"S\",\"seq\":7}".getBytes(StandardCharsets.UTF_8));
              }
            });
    dispatcher.subscribe(prefix + ".flaky");
    connection.flush(Duration.ofSeconds(5));
    return seen;
  }

  @Test
  void streamPublishWithAnIdempotencyKey_whoseFirstAttemptGoesUnanswered_isRetriedWithTheSameMsgId()
      throws Exception {
    List<Message> seen = pubAckResponderIgnoringFirst(1);

    Response response =
        mutateAsAlice("mutation { flaky(n: 1, key: \"flaky-1\") " + RESULT + " }", Map.of());

    JsonNode result = response.data().path("flaky");
    assertTrue(result.path("ok").asBoolean(), response.text());
    assertEquals("S", result.path("stream").asText());
    assertEquals("7", result.path("sequence").asText());
    assertEquals(2, seen.size(), "the ignored attempt and the retry");
    assertEquals(
        aliceMsgId("flaky-1", "flaky"),
        seen.get(0).getHeaders().getFirst(SwitchboardHeaders.MSG_ID));
    assertEquals(
        aliceMsgId("flaky-1", "flaky"),
        seen.get(1).getHeaders().getFirst(SwitchboardHeaders.MSG_ID));
    assertEquals("2", seen.get(1).getHeaders().getFirst(SwitchboardHeaders.ATTEMPT));
  }

  @Test
  void streamPublishWithAnIdempotencyKeyHeader_isRetriedWithTheSameMsgIdToo() throws Exception {
    List<Message> seen = pubAckResponderIgnoringFirst(1);

    Response response =
        mutateAsAlice(
            "mutation { flaky(n: 1) " + RESULT + " }", Map.of("Idempotency-Key", "hdr-9"));

    assertTrue(response.data().path("flaky").path("ok").asBoolean(), response.text());
    assertEquals(2, seen.size());
    assertEquals(
        aliceMsgId("hdr-9", "flaky"), seen.get(0).getHeaders().getFirst(SwitchboardHeaders.MSG_ID));
    assertEquals(
        aliceMsgId("hdr-9", "flaky"), seen.get(1).getHeaders().getFirst(SwitchboardHeaders.MSG_ID));
  }

  @Test
  void streamPublishWithoutAnIdempotencyKey_isNotRetried() throws Exception {
    List<Message> seen = pubAckResponderIgnoringFirst(1);

    Response response = mutate("mutation { flaky(n: 1) " + RESULT + " }", Map.of());

    assertEquals("TIMEOUT", response.firstCode(), response.text());
    assertFalse(response.data().path("flaky").path("ok").asBoolean());
    Thread.sleep(300); // a retry, had there been one, would have arrived by now
    assertEquals(
        1, seen.size(), "one attempt only: without a key a retry could store the message twice");
    assertTrue(
        seen.get(0).getHeaders() == null
            || seen.get(0).getHeaders().getFirst(SwitchboardHeaders.MSG_ID) == null);
  }

  // ---- refused before sending ----

  @ParameterizedTest
  @ValueSource(strings = {"a.b", "*", ">", "", "a b", "line\nbreak", "café"})
  void hostilePlaceholderValue_isBadUserInput_andNothingIsSent(String id) {
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response response =
          bridge
              .client()
              .post(
                  GraphQLClient.body(
                      "mutation($id: ID!, $page: String!) { record(id: $id) "
                          + RESULT
                          + " track(page: $page) { ok } }",
                      Map.of("id", id, "page", id),
                      null),
                  Map.of());

      assertEquals("BAD_USER_INPUT", response.firstCode(), response.text());
      assertEquals(2, response.errors().size(), response.text());
      assertEquals(
          "BAD_USER_INPUT", response.errors().path(1).path("extensions").path("code").asText());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS for " + id);
    }
  }

  @Test
  void publishToASubjectOutsideTheCallersPermissions_isForbidden_andNothingIsSent() {
    TestBridge guarded =
        nats.startBridge(
            SDL.formatted(prefix),
            "dev: true\n"
                + issuer.authYaml()
                + """
        authorization:
          roles:
            clicker:
              publish: ["%1$s.clicks.>"]
        """
                    .formatted(prefix));
    String token = issuer.tokenFor("carol", claims -> claims.claim("roles", List.of("clicker")));
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response forbidden =
          guarded
              .client()
              .post(
                  GraphQLClient.body("mutation { record(id: \"o5\") " + RESULT + " }", null, null),
                  Map.of("Authorization", "Bearer " + token));
      assertEquals("FORBIDDEN", forbidden.firstCode(), forbidden.text());
      assertFalse(forbidden.data().path("record").path("ok").asBoolean());
      assertEquals(0, spy.messages().size(), "nothing may reach NATS");

      Response allowed =
          guarded
              .client()
              .post(
                  GraphQLClient.body("mutation { track(page: \"home\") { ok } }", null, null),
                  Map.of("Authorization", "Bearer " + token));
      assertTrue(allowed.data().path("track").path("ok").asBoolean(), allowed.text());
      assertEquals(
          List.of(prefix + ".clicks.home"),
          spy.messages().stream().map(Message::getSubject).toList());
    }
  }

  @Test
  void publishMutationOverGet_is405_andNothingIsSent() {
    try (SubjectSpy spy = new SubjectSpy(connection, prefix + ".>")) {
      Response response =
          bridge
              .client()
              .get(Map.of("query", "mutation { track(page: \"home\") { ok } }"), Map.of());

      assertEquals(405, response.status(), response.text());
      assertEquals("POST", response.header("Allow"));
      assertEquals(0, spy.messages().size());
    }
  }
}
