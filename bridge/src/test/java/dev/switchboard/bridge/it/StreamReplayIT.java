package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.MultipartClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.SseClient.Event;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @natsSubscribe(stream: true)} over SSE: replay from a sequence or a time through the
 * bridge's ordered consumer, then live, with no gap and no duplicate at the seam. Each test has its
 * own stream holding messages 1..50, whose payload index equals their stream sequence.
 */
@Timeout(60)
class StreamReplayIT {
  static final Duration WAIT = Duration.ofSeconds(10);
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();

  Connection connection;
  JetStream jetStream;
  JetStreamManagement streams;
  String prefix;
  String stream;
  TestBridge bridge;

  @BeforeEach
  void start() throws Exception {
    connection = nats.connect();
    jetStream = connection.jetStream();
    streams = connection.jetStreamManagement();
    prefix = Subjects.uniquePrefix();
    stream = "TICKS_" + prefix.replace('.', '_');
    streams.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(prefix + ".ticks")
            .storageType(StorageType.Memory)
            .build());
    for (int index = 1; index <= 50; index++) {
      if (index == 31) {
        Thread.sleep(20); // a clear gap in time between 30 and 31, for the since tests
      }
      publish(index);
    }
    bridge =
        nats.startBridge(
            """
        type Query { ping: String @natsRequest(subject: "%1$s.ping") }
        type Subscription {
          ticks(fromSequence: Int, since: String): Tick @natsSubscribe(subjects: ["%1$s.ticks"], stream: true)
          unstored(fromSequence: Int): Tick @natsSubscribe(subjects: ["%1$s.unstored"], stream: true)
        }
        type Tick { index: Int! }
        """
                .formatted(prefix));
  }

  private void publish(int index) {
    try {
      jetStream.publish(
          prefix + ".ticks", ("{\"index\":" + index + "}").getBytes(StandardCharsets.UTF_8));
    } catch (Exception failed) {
      throw new IllegalStateException("could not store message " + index, failed);
    }
  }

  private SseClient subscribe(String query, Map<String, Object> variables) {
    SseClient client =
        SseClient.post(bridge.port(), GraphQLClient.body(query, variables, null), Map.of());
    assertEquals(200, client.status());
    return client;
  }

  /** The next {@code count} ticks' indexes, failing on anything that is not a tick. */
  private static List<Integer> indexes(SseClient client, int count) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Event event = client.next(WAIT);
      assertEquals("next", event.event(), event.toString());
      assertTrue(event.json().path("errors").isMissingNode(), event.toString());
      indexes.add(event.json().path("data").path("ticks").path("index").asInt());
    }
    return indexes;
  }

  private static List<Integer> range(int first, int last) {
    return IntStream.rangeClosed(first, last).boxed().toList();
  }

  /** Nothing more within a moment: no duplicate, nothing beyond what was published. */
  private static void assertNothingMore(SseClient client) {
    Event extra = client.poll(Duration.ofMillis(500));
    assertTrue(extra == null, "unexpected extra event: " + extra);
  }

  @Test
  void fromSequence_replaysFromThatMessageInOrder_thenContinuesLiveWithoutGapOrDuplicate() {
    try (SseClient client = subscribe("subscription { ticks(fromSequence: 20) { index } }", null)) {
      assertEquals(range(20, 50), indexes(client, 31));

      for (int index = 51; index <= 80; index++) {
        publish(index);
      }

      assertEquals(range(51, 80), indexes(client, 30));
      assertNothingMore(client);
    }
  }

  @Test
  void everyEvent_carriesItsStreamSequence_andResumingOnePastTheLastSeenLeavesNoGap() {
    long lastSeen = 0;
    try (SseClient client = subscribe("subscription { ticks(fromSequence: 45) { index } }", null)) {
      for (int index = 45; index <= 50; index++) {
        Event event = client.next(WAIT);
        long sequence = event.json().path("extensions").path("stream").path("sequence").asLong();
        assertEquals(index, sequence, event.toString());
        assertEquals(index, event.json().path("data").path("ticks").path("index").asInt());
        lastSeen = sequence;
      }
    }
    for (int index = 51; index <= 55; index++) {
      publish(index);
    }

    try (SseClient resumed =
        subscribe(
            "subscription Resume($from: Int) { ticks(fromSequence: $from) { index } }",
            Map.of("from", lastSeen + 1))) {
      assertEquals(range(51, 55), indexes(resumed, 5));
      assertNothingMore(resumed);
    }
  }

  @Test
  void messagesPublishedWhileTheSubscriptionStarts_arriveExactlyOnce_inOrder() {
    CompletableFuture<Void> publishing =
        CompletableFuture.runAsync(
            () -> {
              for (int index = 51; index <= 80; index++) {
                publish(index);
                if (index % 5 == 0) {
                  Thread.yield();
                }
              }
            });
    try (SseClient client = subscribe("subscription { ticks(fromSequence: 20) { index } }", null)) {
      publishing.join();

      assertEquals(range(20, 80), indexes(client, 61));
      assertNothingMore(client);
    }
  }

  @Test
  void since_aTimeBetweenMessage30And31_startsAt31() throws Exception {
    ZonedDateTime stored30 = streams.getMessage(stream, 30).getTime();
    ZonedDateTime stored31 = streams.getMessage(stream, 31).getTime();
    Duration gap = Duration.between(stored30, stored31);
    Instant between = stored30.toInstant().plus(gap.dividedBy(2));
    assertTrue(gap.toMillis() >= 10, "the setup leaves a gap between 30 and 31: " + gap);

    try (SseClient client =
        subscribe(
            "subscription($since: String) { ticks(since: $since) { index } }",
            Map.of("since", between.toString()))) {
      assertEquals(range(31, 50), indexes(client, 20));

      publish(51);

      assertEquals(List.of(51), indexes(client, 1));
      assertNothingMore(client);
    }
  }

  @Test
  void withoutAReplayArgument_onlyNewMessagesArrive() {
    try (SseClient client = subscribe("subscription { ticks { index } }", null)) {
      // The stream gives no "subscribed" signal: publish until the first new message comes through.
      int next = 100;
      Event first = null;
      while (first == null && next < 200) {
        publish(next++);
        first = client.poll(Duration.ofMillis(200));
      }
      assertTrue(first != null && first.event().equals("next"), "a new message arrived: " + first);
      int firstIndex = first.json().path("data").path("ticks").path("index").asInt();
      assertTrue(
          firstIndex >= 100,
          "nothing stored before the subscription is replayed, got " + firstIndex);

      int last = next - 1;
      List<Integer> rest = indexes(client, last - firstIndex);
      assertEquals(range(firstIndex + 1, last), rest, "every later message, once");
      publish(500);
      assertEquals(List.of(500), indexes(client, 1));
      assertNothingMore(client);
    }
  }

  @Test
  void closingTheClient_releasesTheStreamConsumer() throws Exception {
    SseClient client = subscribe("subscription { ticks(fromSequence: 45) { index } }", null);
    assertEquals(range(45, 50), indexes(client, 6));
    assertEquals(1, streams.getStreamInfo(stream).getStreamState().getConsumerCount());

    client.close();

    // The bridge unsubscribes at once; the server drops an ephemeral consumer once nobody listens.
    long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (streams.getStreamInfo(stream).getStreamState().getConsumerCount() > 0) {
      assertTrue(System.nanoTime() < giveUp, "the ordered consumer outlived its client");
      Thread.sleep(100);
    }
    publish(51);
    Thread.sleep(300);
    assertEquals(
        0,
        streams.getStreamInfo(stream).getStreamState().getConsumerCount(),
        "and it is not re-created");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void fromSequenceBelowOne_isBadUserInput_andTheStreamEnds(int sequence) {
    try (SseClient client =
        subscribe("subscription { ticks(fromSequence: " + sequence + ") { index } }", null)) {
      assertRefused(client, "BAD_USER_INPUT");
    }
  }

  @Test
  void fromSequenceThatIsNotANumber_isBadUserInput() {
    try (SseClient client =
        subscribe(
            "subscription($from: Int) { ticks(fromSequence: $from) { index } }",
            Map.of("from", "abc"))) {
      assertRefused(client, "BAD_USER_INPUT");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-13-01T00:00:00Z", "2026-11-22", ""})
  void sinceThatIsNotAnInstant_isBadUserInput(String since) {
    try (SseClient client =
        subscribe(
            "subscription($since: String) { ticks(since: $since) { index } }",
            Map.of("since", since))) {
      assertRefused(client, "BAD_USER_INPUT");
    }
  }

  @Test
  void aStreamSubscriptionOnASubjectNoStreamStores_isServiceUnavailable_withoutHanging() {
    long start = System.nanoTime();
    try (SseClient client =
        subscribe("subscription { unstored(fromSequence: 1) { index } }", null)) {
      assertRefused(client, "SERVICE_UNAVAILABLE");
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "answered promptly");
  }

  /** One {@code next} carrying the error code, then {@code complete}, then the response ends. */
  private static void assertRefused(SseClient client, String code) {
    Event error = client.next(WAIT);
    assertEquals("next", error.event(), error.toString());
    assertEquals(code, error.firstCode(), error.toString());
    assertTrue(
        error.json().path("data").path("ticks").isMissingNode()
            || error.json().path("data").path("ticks").isNull(),
        error.toString());
    assertEquals("complete", client.next(WAIT).event());
    assertTrue(client.awaitEnd(WAIT), "the response ends");
  }

  @Test
  void overMultipart_replaysInOrder_eachPayloadCarryingItsStreamSequence() {
    try (MultipartClient client =
        MultipartClient.post(
            bridge.port(),
            GraphQLClient.body("subscription { ticks(fromSequence: 45) { index } }", null, null),
            Map.of())) {
      assertEquals(200, client.status(), client.raw());
      for (int index = 45; index <= 50; index++) {
        JsonNode payload = client.nextPayload(WAIT).json().path("payload");
        assertEquals(
            index, payload.path("data").path("ticks").path("index").asInt(), payload.toString());
        assertEquals(index, payload.path("extensions").path("stream").path("sequence").asLong());
      }
    }
  }
}
