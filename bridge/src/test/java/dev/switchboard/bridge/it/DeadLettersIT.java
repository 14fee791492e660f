package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.CapturedLog;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Scrape;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dead letters end to end: a mutation or publish that finally fails is recorded once on the
 * dead-letter stream, read back from the stream itself, with its body and the headers it was sent
 * with; queries and refusals record nothing; under load nothing is lost or doubled.
 */
@Timeout(120)
class DeadLettersIT {
  static final String SDL =
      """
      type Query {
        read(id: ID!): Ack @natsRequest(subject: "%1$s.read.{{ args.id }}", timeout: "600ms", retries: 1)
      }
      type Mutation {
        place(id: ID!, note: String): Ack @natsRequest(subject: "%1$s.place.{{ args.id }}", timeout: "700ms")
        lost(id: ID!): Ack @natsRequest(subject: "%1$s.lost.{{ args.id }}", timeout: "2s")
        store(id: ID!): PublishResult @natsPublish(subject: "%1$s.stored.{{ args.id }}", stream: true, timeout: "2s")
        nowhere(id: ID!): PublishResult @natsPublish(subject: "%1$s.nowhere.{{ args.id }}", stream: true, timeout: "2s")
        emit(id: ID!, key: String): PublishResult
          @natsPublish(subject: "%1$s.emit.{{ args.id }}", stream: true, timeout: "1500ms", retries: 2, idempotencyKey: "key")
        admin(id: ID!): Ack @natsRequest(subject: "%1$s.admin.{{ args.id }}") @requiresScopes(scopes: [["admin"]])
      }
      type Ack { ok: Boolean }
      """;
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();
  static final TestIssuer issuer = TestIssuer.create();

  Connection services;
  JetStreamManagement streams;
  String prefix;
  String stream;

  @BeforeEach
  void start() throws Exception {
    services = nats.connect();
    streams = services.jetStreamManagement();
    prefix = Subjects.uniquePrefix();
    stream = "DL_" + prefix.replace('.', '_');
  }

  private String deadLettersYaml(String more) {
    return """
        deadLetters:
          stream: %s
          subject: dl.%s
          maxBytes: 10485760
        """
            .formatted(stream, prefix)
        + more;
  }

  /** Signed tokens accepted, anonymous callers too; identity envelopes on (a dev key). */
  private String callersYaml() {
    return "dev: true\n"
        + issuer.authYaml()
        + "  anonymous: {enabled: true}\n"
        + "identity:\n  jwksSubject: jwks.%s\n".formatted(prefix);
  }

  private TestBridge startBridge() {
    return nats.startBridge(SDL.formatted(prefix), callersYaml() + deadLettersYaml(""));
  }

  private static Response mutate(TestBridge bridge, String mutation, Map<String, String> headers) {
    return bridge.client().post(GraphQLClient.body(mutation, null, null), headers);
  }

  private long deadLetterCount() {
    try {
      return streams.getStreamInfo(stream).getStreamState().getMsgCount();
    } catch (IOException | JetStreamApiException unreadable) {
      throw new IllegalStateException(unreadable);
    }
  }

  private void awaitDeadLetters(long count) {
    Probes.awaitTrue(
        () -> deadLetterCount() == count,
        () -> "dead letters: " + deadLetterCount() + ", expected " + count);
  }

  /** Exactly one dead letter, read back from the stream. */
  private MessageInfo onlyDeadLetter() throws Exception {
    awaitDeadLetters(1);
    return streams.getMessage(
        stream, streams.getStreamInfo(stream).getStreamState().getFirstSequence());
  }

  private static String header(MessageInfo letter, String name) {
    return letter.getHeaders() == null ? null : letter.getHeaders().getFirst(name);
  }

  private static String correlationId(Response response) {
    return response.errors().path(0).path("extensions").path("correlationId").asText(null);
  }

  @Test
  void mutationRequest_withNoResponders_recordsOneDeadLetter_withBodyAndContractHeaders()
      throws Exception {
    TestBridge bridge = startBridge();

    Response response =
        mutate(
            bridge,
            "mutation Place { place(id: \"o-1\", note: \"rush\") { ok } }",
            Map.of("X-Request-Id", "req-dead-1"));

    assertEquals("SERVICE_UNAVAILABLE", response.firstCode(), response.text());
    assertEquals("req-dead-1", correlationId(response), "the client still gets its correlation id");
    MessageInfo letter = onlyDeadLetter();
    assertEquals("dl." + prefix + "." + prefix + ".place.o-1", letter.getSubject());
    assertEquals(
        "{\"id\":\"o-1\",\"note\":\"rush\"}", new String(letter.getData(), StandardCharsets.UTF_8));
    assertEquals(prefix + ".place.o-1", header(letter, SwitchboardHeaders.ORIGINAL_SUBJECT));
    assertEquals("req-dead-1", header(letter, SwitchboardHeaders.CORRELATION_ID));
    assertEquals("SERVICE_UNAVAILABLE", header(letter, SwitchboardHeaders.ERROR_CODE));
    assertEquals("1", header(letter, SwitchboardHeaders.ATTEMPTS));
    assertEquals("Mutation.place", header(letter, SwitchboardHeaders.FIELD));
    assertEquals("place", header(letter, SwitchboardHeaders.FIELD_PATH));
    assertEquals("Place", header(letter, SwitchboardHeaders.OPERATION));
    assertNotNull(header(letter, SwitchboardHeaders.TRACEPARENT));
    String envelope = header(letter, SwitchboardHeaders.IDENTITY);
    assertNotNull(envelope, "the identity envelope as sent");
    assertEquals(3, envelope.split("\\.").length, "a compact JWS");
    Instant failedAt = Instant.parse(header(letter, SwitchboardHeaders.FAILED_AT));
    assertTrue(
        Duration.between(failedAt, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0);
    assertNull(header(letter, SwitchboardHeaders.MSG_ID), "no key: no idempotency header");
    assertEquals(
        1.0,
        Scrape.of(bridge)
            .sum(
                "switchboard_dead_letters_total",
                Map.of("field", "Mutation.place", "code", "SERVICE_UNAVAILABLE")));
  }

  @Test
  void mutationRequest_thatTimesOut_recordsOneTimeoutDeadLetter_afterItsOneAttempt()
      throws Exception {
    Dispatcher silent = services.createDispatcher(message -> {});
    silent.subscribe(prefix + ".place.>");
    services.flush(Duration.ofSeconds(5));
    TestBridge bridge = startBridge();

    Response response = mutate(bridge, "mutation { place(id: \"o-2\") { ok } }", Map.of());

    assertEquals("TIMEOUT", response.firstCode(), response.text());
    MessageInfo letter = onlyDeadLetter();
    assertEquals("TIMEOUT", header(letter, SwitchboardHeaders.ERROR_CODE));
    assertEquals("1", header(letter, SwitchboardHeaders.ATTEMPTS), "mutations are not retried");
    assertEquals(correlationId(response), header(letter, SwitchboardHeaders.CORRELATION_ID));
  }

  @Test
  void
      keyedStreamPublish_neverAcknowledged_recordsOneDeadLetter_withAllItsAttempts_andTheKeyRenamed()
          throws Exception {
    List<String> msgIds = new ArrayList<>();
    Dispatcher silent =
        services.createDispatcher(
            message -> msgIds.add(message.getHeaders().getFirst(SwitchboardHeaders.MSG_ID)));
    silent.subscribe(prefix + ".emit.>");
    services.flush(Duration.ofSeconds(5));
    TestBridge bridge = startBridge();

    Response response =
        mutate(
            bridge,
            "mutation { emit(id: \"e-1\", key: \"k-1\") { ok } }",
            Map.of("Authorization", "Bearer " + issuer.tokenFor("alice", claims -> {})));

    assertEquals("TIMEOUT", response.firstCode(), response.text());
    MessageInfo letter = onlyDeadLetter();
    assertEquals("3", header(letter, SwitchboardHeaders.ATTEMPTS), "the first try and two retries");
    assertEquals(3, msgIds.size(), "three attempts reached NATS");
    assertEquals(msgIds.get(0), header(letter, SwitchboardHeaders.IDEMPOTENCY_KEY));
    assertNull(
        header(letter, SwitchboardHeaders.MSG_ID),
        "a Nats-Msg-Id would make the dead-letter stream drop a second dead letter as a duplicate");
    assertEquals("3", header(letter, SwitchboardHeaders.ATTEMPT), "the last attempt's own header");
  }

  @Test
  void streamPublish_withNoStreamForItsSubject_recordsOneDeadLetter() throws Exception {
    TestBridge bridge = startBridge();

    Response response = mutate(bridge, "mutation { nowhere(id: \"n-1\") { ok } }", Map.of());

    assertEquals("SERVICE_UNAVAILABLE", response.firstCode(), response.text());
    MessageInfo letter = onlyDeadLetter();
    assertEquals(prefix + ".nowhere.n-1", header(letter, SwitchboardHeaders.ORIGINAL_SUBJECT));
    assertEquals("Mutation.nowhere", header(letter, SwitchboardHeaders.FIELD));
    assertEquals("{\"id\":\"n-1\"}", new String(letter.getData(), StandardCharsets.UTF_8));
  }

  @Test
  void corePublish_whoseConnectionIsDown_recordsOneDeadLetter_onTheDeadLetterConnection()
      throws Exception {
    try (LocalNatsServer events = LocalNatsServer.builder().start()) {
      String natsYaml =
          """
          nats:
            urls: ["%s"]
            connections:
              events:
                urls: ["%s"]
                reconnect: {delay: 50ms, jitter: 10ms}
          """
              .formatted(nats.url(), events.url());
      String sdl =
          """
          type Query { ping: String @natsRequest(subject: "%1$s.ping") }
          type Mutation {
            click(page: String!): PublishResult @natsPublish(subject: "%1$s.clicks.{{ args.page }}", connection: "events")
          }
          """
              .formatted(prefix);
      TestBridge bridge = nats.startBridgeWithNats(natsYaml, sdl, deadLettersYaml(""));
      events.stop();

      Response response = mutate(bridge, "mutation { click(page: \"home\") { ok } }", Map.of());

      assertEquals("SERVICE_UNAVAILABLE", response.firstCode(), response.text());
      MessageInfo letter = onlyDeadLetter();
      assertEquals(prefix + ".clicks.home", header(letter, SwitchboardHeaders.ORIGINAL_SUBJECT));
      assertEquals("1", header(letter, SwitchboardHeaders.ATTEMPTS));
      assertEquals("{\"page\":\"home\"}", new String(letter.getData(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void deadLetterTheStreamDoesNotAcknowledge_isLoggedOnceWithoutTheEnvelope_andCounted()
      throws Exception {
    TestBridge bridge = startBridge();
    streams.deleteStream(stream);
    SubjectSpy sent = nats.spy(prefix + ".lost.>");

    try (CapturedLog log = CapturedLog.start()) {
      Response response =
          mutate(
              bridge,
              "mutation { lost(id: \"x\") { ok } }",
              Map.of("X-Request-Id", "req-unrecorded"));

      // the spy listens without answering: the call times out
      assertEquals("TIMEOUT", response.firstCode(), "the client still gets its error");
      String warning = log.await("not recorded on stream " + stream);
      assertTrue(warning.contains("Mutation.lost") && warning.contains("req-unrecorded"), warning);
      Probes.awaitTrue(
          () ->
              Scrape.of(bridge)
                      .sum(
                          "switchboard_dead_letter_failures_total",
                          Map.of("field", "Mutation.lost"))
                  == 1.0,
          () -> "the failure is counted");
      String envelope = sent.messages().get(0).getHeaders().getFirst(SwitchboardHeaders.IDENTITY);
      assertNotNull(envelope);
      assertFalse(
          log.lines().stream().anyMatch(line -> line.contains(envelope)), "no envelope in the log");
    }
  }

  @Test
  void queryThatFails_recordsNothing() throws Exception {
    TestBridge bridge = startBridge();

    Response response = bridge.client().query("{ read(id: \"r-1\") { ok } }");

    assertEquals("SERVICE_UNAVAILABLE", response.firstCode(), response.text());
    // a mutation after it is recorded: had the query been, it would be the first of two
    mutate(bridge, "mutation { lost(id: \"after\") { ok } }", Map.of());
    MessageInfo letter = onlyDeadLetter();
    assertEquals("Mutation.lost", header(letter, SwitchboardHeaders.FIELD));
  }

  @Test
  void refusalsBeforeNats_recordNothing_andSendNothing() throws Exception {
    TestBridge bridge = startBridge();
    SubjectSpy spy = nats.spy(prefix + ".>");

    Response forbidden =
        mutate(
            bridge,
            "mutation { admin(id: \"a-1\") { ok } }",
            Map.of("Authorization", "Bearer " + issuer.tokenFor("alice", claims -> {})));
    Response unsafe = mutate(bridge, "mutation { place(id: \"a.b\") { ok } }", Map.of());
    Response anonymousKey =
        mutate(bridge, "mutation { emit(id: \"e-2\", key: \"k-2\") { ok } }", Map.of());

    assertEquals("FORBIDDEN", forbidden.firstCode(), forbidden.text());
    assertEquals("BAD_USER_INPUT", unsafe.firstCode(), unsafe.text());
    assertEquals("BAD_USER_INPUT", anonymousKey.firstCode(), anonymousKey.text());
    mutate(bridge, "mutation { lost(id: \"after\") { ok } }", Map.of());
    MessageInfo letter = onlyDeadLetter();
    assertEquals("Mutation.lost", header(letter, SwitchboardHeaders.FIELD));
    assertEquals(
        List.of(prefix + ".lost.after"),
        spy.messages().stream().map(message -> message.getSubject()).toList(),
        "only the last mutation reached NATS");
  }

  @Test
  void manyMixedMutations_someUnanswered_sentEqualsAnsweredPlusDeadLettered() throws Exception {
    streams.addStream(
        StreamConfiguration.builder()
            .name("STORED_" + prefix.replace('.', '_'))
            .subjects(prefix + ".stored.>")
            .storageType(StorageType.Memory)
            .build());
    Dispatcher answering =
        services.createDispatcher(
            message ->
                services.publish(
                    message.getReplyTo(), "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
    answering.subscribe(prefix + ".place.>");
    services.flush(Duration.ofSeconds(5));
    TestBridge bridge = startBridge();
    String[] kinds = {"place", "lost", "store", "nowhere"};
    int sent = 200;
    List<Future<Response>> responses = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < sent; i++) {
        String mutation = "mutation { %s(id: \"m-%d\") { ok } }".formatted(kinds[i % 4], i);
        Map<String, String> headers = Map.of("X-Request-Id", "load-" + i);
        responses.add(clients.submit(() -> mutate(bridge, mutation, headers)));
      }
      Map<String, String> failedCodes = new HashMap<>();
      int answered = 0;
      for (int i = 0; i < sent; i++) {
        Response response = responses.get(i).get();
        JsonNode value = response.data().path(kinds[i % 4]);
        if (response.firstCode() == null && value.path("ok").asBoolean()) {
          answered++;
        } else {
          failedCodes.put("load-" + i, response.firstCode());
        }
      }

      awaitDeadLetters(sent - answered);
      assertEquals(sent / 2, answered, "place and store are answered");
      Map<String, String> recorded = new HashMap<>();
      long first = streams.getStreamInfo(stream).getStreamState().getFirstSequence();
      for (long sequence = first; sequence < first + failedCodes.size(); sequence++) {
        MessageInfo letter = streams.getMessage(stream, sequence);
        String id = header(letter, SwitchboardHeaders.CORRELATION_ID);
        assertNull(
            recorded.put(id, header(letter, SwitchboardHeaders.ERROR_CODE)), "doubled: " + id);
      }
      assertEquals(
          failedCodes, recorded, "each failure recorded once, with the code its client got");
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void reload_addingAMutation_deadLettersItToo() throws Exception {
    TestBridge bridge = startBridge();
    String added =
        SDL.formatted(prefix)
            .replace(
                "type Ack {",
                "extend type Mutation { later(id: ID!): Ack @natsRequest(subject: \"%s.later.{{ args.id }}\") }\ntype Ack {"
                    .formatted(prefix));
    Files.writeString(bridge.file("schema.graphql"), added);

    assertTrue(bridge.bridge().reload("test"));
    Response response = mutate(bridge, "mutation { later(id: \"l-1\") { ok } }", Map.of());

    assertEquals("SERVICE_UNAVAILABLE", response.firstCode(), response.text());
    assertEquals("Mutation.later", header(onlyDeadLetter(), SwitchboardHeaders.FIELD));
  }

  @Test
  void start_createsTheStream_fileBacked_keepingAWeek_droppingTheOldestWhenFull() throws Exception {
    startBridge();

    StreamConfiguration created = streams.getStreamInfo(stream).getConfiguration();
    assertEquals(List.of("dl." + prefix + ".>"), created.getSubjects());
    assertEquals(StorageType.File, created.getStorageType());
    assertEquals(DiscardPolicy.Old, created.getDiscardPolicy());
    assertEquals(Duration.ofDays(7), created.getMaxAge());
    assertEquals(10485760L, created.getMaxBytes());
  }

  @Test
  void start_withCreateOffAndNoStream_refusesToStart_namingTheStream() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                nats.startBridge(
                    SDL.formatted(prefix), callersYaml() + deadLettersYaml("  create: false\n")));

    assertTrue(
        refused.getMessage().contains("deadLetters: stream '" + stream + "': it does not exist"),
        refused.getMessage());
    assertThrows(JetStreamApiException.class, () -> streams.getStreamInfo(stream));
  }

  @Test
  void start_withCreateOffAndAStreamStoringAnotherSubject_refusesToStart() throws Exception {
    streams.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects("other." + prefix + ".>")
            .storageType(StorageType.Memory)
            .build());

    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                nats.startBridge(
                    SDL.formatted(prefix), callersYaml() + deadLettersYaml("  create: false\n")));

    assertTrue(refused.getMessage().contains("not dl." + prefix + ".>"), refused.getMessage());
  }

  @Test
  void start_withCreateOffAndAStreamOfItsOwn_usesIt() throws Exception {
    streams.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects("dl." + prefix + ".>")
            .storageType(StorageType.Memory)
            .build());
    TestBridge bridge =
        nats.startBridge(
            SDL.formatted(prefix), callersYaml() + deadLettersYaml("  create: false\n"));

    mutate(bridge, "mutation { lost(id: \"x\") { ok } }", Map.of());

    assertEquals("SERVICE_UNAVAILABLE", header(onlyDeadLetter(), SwitchboardHeaders.ERROR_CODE));
    assertEquals(
        StorageType.Memory, streams.getStreamInfo(stream).getConfiguration().getStorageType());
  }

  @Test
  void withoutTheSection_nothingIsRecorded() throws Exception {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix), callersYaml());
    SubjectSpy deadLetters = nats.spy("dl." + prefix + ".>");

    Response response = mutate(bridge, "mutation { lost(id: \"x\") { ok } }", Map.of());

    assertEquals("SERVICE_UNAVAILABLE", response.firstCode());
    assertThrows(JetStreamApiException.class, () -> streams.getStreamInfo(stream));
    assertFalse(
        Scrape.of(bridge).names().contains("switchboard_dead_letters_total"), "no dead letters");
    assertTrue(deadLetters.messages().isEmpty());
  }
}
