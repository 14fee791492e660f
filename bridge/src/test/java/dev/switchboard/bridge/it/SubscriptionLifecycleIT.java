package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Subscriptions come and go, and so does NATS: however a subscription ends (the client completes
 * it, the client vanishes, the server refuses or closes), the bridge's count of live subscriptions
 * and nats-server's count of subscriptions come back to where they started; and a NATS restart
 * costs a live subscription nothing, a stream subscription not even one message.
 */
@Timeout(300)
class SubscriptionLifecycleIT {
  static final String SDL =
      """
      type Query { ping: String @natsRequest(subject: "%1$s.ping") }
      type Subscription {
        ticks(feed: ID!): Tick @natsSubscribe(subjects: ["%1$s.ticks.{{ args.feed }}"])
        history(orderId: ID!, fromSequence: Int): Tick
          @natsSubscribe(subjects: ["%1$s.history.{{ args.orderId }}"], stream: true)
      }
      type Tick { n: Int! }
      """;
  static final String TICKS = "subscription ($feed: ID!) { ticks(feed: $feed) { n } }";
  static final String HISTORY =
      "subscription ($id: ID!) { history(orderId: $id, fromSequence: 1) { n } }";
  static final int CYCLES = 1_000;

  @RegisterExtension
  static final NatsServerExtension nats =
      new NatsServerExtension().jetStream().monitoring().perTest();

  String prefix;
  TestBridge bridge;

  @BeforeEach
  void start() {
    prefix = Subjects.uniquePrefix();
    // the lifecycle is under test here, not the slow-consumer guard (SlowConsumerIT): a client
    // that reads one tick and then completes may see hundreds more arrive on a busy machine
    bridge = nats.startBridge(SDL.formatted(prefix), "subscriptions: {bufferSize: 100000}\n");
  }

  /** How a cycle's subscription ends. */
  enum Ending {
    CLIENT_COMPLETES,
    CLIENT_VANISHES_AFTER_AN_EVENT,
    CLIENT_VANISHES_AT_ONCE,
    SERVER_REFUSES,
    SERVER_CLOSES
  }

  @Test
  void thousandSubscribeDisconnectCycles_endingEveryWay_leaveNoSubscriptionInTheBridgeOrInNats()
      throws Exception {
    Connection publisher = nats.connect();
    String subject = prefix + ".ticks.live";
    int baseline = Probes.natsSubscriptions(nats.server());
    AtomicBoolean ticking = new AtomicBoolean(true);
    Thread ticker =
        new Thread(
            () -> {
              for (int n = 1; ticking.get(); n++) {
                publisher.publish(subject, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
                LockSupport.parkNanos(500_000);
              }
            },
            "ticker");
    ticker.start();
    Map<Ending, AtomicInteger> ended = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> cycles = new ArrayList<>();
      for (int i = 0; i < CYCLES; i++) {
        Ending ending = Ending.values()[i % Ending.values().length];
        cycles.add(
            clients.submit(
                () -> {
                  cycle(ending);
                  ended.computeIfAbsent(ending, e -> new AtomicInteger()).incrementAndGet();
                }));
      }
      for (Future<?> cycle : cycles) {
        cycle.get(60, TimeUnit.SECONDS);
      }
    } finally {
      ticking.set(false);
      ticker.join();
      clients.shutdownNow();
    }

    for (Ending ending : Ending.values()) {
      assertEquals(CYCLES / Ending.values().length, ended.get(ending).get(), ending.name());
    }
    Probes.awaitTrue(
        () -> metric("switchboard_subscriptions_active") == 0,
        () ->
            "live subscriptions left in the bridge: " + metric("switchboard_subscriptions_active"));
    Probes.awaitTrue(
        () -> metric("switchboard_subscriptions_connections") == 0,
        () -> "connections left in the bridge: " + metric("switchboard_subscriptions_connections"));
    Probes.awaitTrue(
        () -> Probes.natsSubscriptions(nats.server()) == baseline,
        () ->
            "nats-server holds "
                + Probes.natsSubscriptions(nats.server())
                + " subscriptions, "
                + baseline
                + " before the cycles");
    assertEquals(0, Probes.subscriptionsMatching(nats.server(), subject));
  }

  private void cycle(Ending ending) {
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());
      switch (ending) {
        case CLIENT_COMPLETES -> {
          client.subscribe("1", TICKS, Map.of("feed", "live"));
          assertEquals("next", client.nextOf("1").path("type").asText());
          client.send(Map.of("id", "1", "type", "complete"));
          assertEquals(1000, client.closeNormally().code());
        }
        case CLIENT_VANISHES_AFTER_AN_EVENT -> {
          client.subscribe("1", TICKS, Map.of("feed", "live"));
          assertEquals("next", client.nextOf("1").path("type").asText());
          client.abort();
        }
        case CLIENT_VANISHES_AT_ONCE -> {
          client.subscribe("1", TICKS, Map.of("feed", "live"));
          client.abort();
        }
        case SERVER_REFUSES -> {
          client.subscribe("1", TICKS, Map.of("feed", "*"));
          JsonNode refused = client.nextOf("1");
          assertEquals(
              "BAD_USER_INPUT",
              refused
                  .path("payload")
                  .path("errors")
                  .path(0)
                  .path("extensions")
                  .path("code")
                  .asText(),
              refused::toString);
          assertEquals("complete", client.nextOf("1").path("type").asText());
          assertEquals(1000, client.closeNormally().code());
        }
        case SERVER_CLOSES -> {
          client.subscribe("1", TICKS, Map.of("feed", "live"));
          assertEquals("next", client.nextOf("1").path("type").asText());
          client.send(Map.of("type", "not_a_message_type"));
          assertEquals(4400, client.awaitClose().code());
        }
      }
    }
  }

  @Test
  void liveCoreSubscription_keepsReceivingAfterNatsRestarts() throws Exception {
    String subject = prefix + ".ticks.restart";
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());
      client.subscribe("1", TICKS, Map.of("feed", "restart"));
      Probes.awaitSubscriptionsMatching(nats.server(), subject, 1);
      Connection before = nats.connect();
      before.publish(subject, "{\"n\":0}".getBytes(StandardCharsets.UTF_8));
      assertEquals(0, tick(client.nextOf("1")));

      nats.server().restart();
      Probes.awaitSubscriptionsMatching(nats.server(), subject, 1); // the bridge subscribed again
      Connection after = nats.connect();
      for (int n = 1; n <= 20; n++) {
        after.publish(subject, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
      }
      after.flush(Duration.ofSeconds(5));

      for (int n = 1; n <= 20; n++) {
        assertEquals(n, tick(client.nextOf("1")), "in order, none lost");
      }
      assertFalse(client.isClosed(), "the client never noticed the outage");
      assertEquals(1.0, metric("switchboard_subscriptions_active"));
    }
  }

  @Test
  void
      streamSubscription_resumesAfterNatsRestart_fromTheLastDeliveredSequence_withoutGapOrDuplicate()
          throws Exception {
    String subject = prefix + ".history.o1";
    Connection services = nats.connect();
    services
        .jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name("LIFECYCLE_" + prefix.replaceAll("[^A-Za-z0-9]", "_"))
                .subjects(prefix + ".history.>")
                .storageType(StorageType.File)
                .build());
    for (int n = 1; n <= 20; n++) {
      store(services.jetStream(), subject, n);
    }
    try (GraphQLWsClient client = GraphQLWsClient.connect(bridge)) {
      client.init(Map.of());
      client.subscribe("1", HISTORY, Map.of("id", "o1"));
      for (int n = 1; n <= 20; n++) {
        assertEquals(n, history(client.nextOf("1")), "replayed from sequence 1");
      }
      for (int n = 21; n <= 50; n++) {
        store(services.jetStream(), subject, n);
      }
      for (int n = 21; n <= 50; n++) {
        assertEquals(n, history(client.nextOf("1")), "live after the replay");
      }

      nats.server().restart();
      Connection after = nats.connect();
      for (int n = 51; n <= 100; n++) {
        store(after.jetStream(), subject, n);
      }

      for (int n = 51; n <= 100; n++) {
        assertEquals(
            n,
            history(client.nextOf("1", Duration.ofSeconds(60))),
            "no gap, no duplicate at the restart");
      }
      JsonNode extra = client.messages().poll(1, TimeUnit.SECONDS);
      assertEquals(null, extra, "nothing after the last message");
      assertFalse(client.isClosed());
    }
  }

  /**
   * Stores {@code {"n": n}} in the stream, retrying while JetStream is still starting after a
   * restart (with a message id, so a retry of a publish that was stored after all is not stored
   * twice).
   */
  static void store(JetStream jetStream, String subject, int n) throws Exception {
    byte[] body = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        jetStream.publish(subject, body, PublishOptions.builder().messageId("n-" + n).build());
        return;
      } catch (IOException | JetStreamApiException notReady) {
        if (System.nanoTime() > deadline) {
          throw notReady;
        }
        Thread.sleep(100);
      }
    }
  }

  static int tick(JsonNode next) {
    return next.path("payload").path("data").path("ticks").path("n").asInt(-1);
  }

  static int history(JsonNode next) {
    assertTrue(next.path("payload").path("errors").isMissingNode(), next::toString);
    return next.path("payload").path("data").path("history").path("n").asInt(-1);
  }

  double metric(String name) {
    return Probes.metric(bridge, name);
  }
}
