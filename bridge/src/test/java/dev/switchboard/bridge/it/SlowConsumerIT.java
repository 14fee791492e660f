package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that stops reading costs the others nothing: its events wait in a small bounded buffer,
 * then it is closed as a slow consumer (1008, counted on {@code /metrics}), while a healthy client
 * on the same bridge keeps its latency. The stalled client is a raw TCP socket that did the
 * WebSocket handshake by hand and then never reads again, with a tiny receive buffer, so the
 * bridge's TCP send buffer and write queue really fill.
 */
@Timeout(120)
class SlowConsumerIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SDL =
      """
      type Query { ping: String @natsRequest(subject: "%1$s.ping") }
      type Subscription { ticks(feed: ID!): Tick @natsSubscribe(subjects: ["%1$s.ticks.{{ args.feed }}"]) }
      type Tick { n: Int!, sentAt: String!, pad: String }
      """;
  static final String HEALTHY = "subscription { ticks(feed: \"load\") { n sentAt } }";
  static final String GREEDY = "subscription { ticks(feed: \"load\") { n sentAt pad } }";
  static final String SLOW_CONSUMERS = "switchboard_subscriptions_slow_consumers_total";
  static final int BUFFER = 128;
  static final int EVENTS_PER_RUN = 1_000;
  static final long INTERVAL_NANOS =
      2_500_000; // 400 events/s, 16 KiB each: 6.4 MB/s per client that reads them
  static final String PAD = "x".repeat(16 * 1024);

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().monitoring();

  String subject;
  TestBridge bridge;
  Connection publisher;
  final AtomicInteger sequence = new AtomicInteger();

  @BeforeEach
  void start() {
    String prefix = Subjects.uniquePrefix();
    subject = prefix + ".ticks.load";
    publisher = nats.connect();
    bridge =
        nats.startBridge(
            SDL.formatted(prefix),
            """
        subscriptions:
          bufferSize: %d
        """
                .formatted(BUFFER));
  }

  @Test
  void clientThatStopsReading_isClosedAsSlowConsumer_whileAHealthyClientKeepsItsLatency()
      throws Exception {
    double slowBefore = Probes.metric(bridge, SLOW_CONSUMERS);
    try (GraphQLWsClient healthy = GraphQLWsClient.connect(bridge)) {
      healthy.init(Map.of());
      healthy.subscribe("h", HEALTHY, Map.of());
      Probes.awaitSubscriptionsMatching(nats.server(), subject, 1);

      run(healthy, 300); // warm-up: JIT, buffers
      List<Long> baseline = run(healthy, EVENTS_PER_RUN);

      try (StalledClient slow = StalledClient.connect(bridge.port())) {
        slow.initAndSubscribe("s", Map.of("query", GREEDY));
        awaitFirstEvent(slow, healthy); // live: from here on it reads nothing

        List<Long> withSlow = run(healthy, EVENTS_PER_RUN);

        Probes.awaitTrue(
            () -> Probes.metric(bridge, SLOW_CONSUMERS) == slowBefore + 1,
            () ->
                "slow consumers counted: " + (Probes.metric(bridge, SLOW_CONSUMERS) - slowBefore));
        int closeCode = slow.readUntilClosed();
        assertTrue(
            closeCode == 1008 || closeCode == StalledClient.DROPPED, "closed with " + closeCode);
        if (closeCode == 1008) {
          assertTrue(slow.closeReason.startsWith("slow consumer"), slow.closeReason);
        }

        long baselineP99 = p99(baseline);
        long slowP99 = p99(withSlow);
        assertTrue(
            slowP99 <= 2 * baselineP99 + 50_000_000L,
            "healthy p99 with a stalled client: "
                + slowP99 / 1_000
                + " µs; without: "
                + baselineP99 / 1_000
                + " µs");
        assertFalse(healthy.isClosed(), "the healthy client was not closed");
        assertEquals(
            1.0,
            Probes.metric(bridge, "switchboard_subscriptions_active"),
            "only the healthy one is left");
      }
    }
  }

  /**
   * Publishes {@code count} events at a steady pace and returns the healthy client's delivery
   * latency of each (publish to arrival, nanoseconds); fails if it missed any.
   */
  List<Long> run(GraphQLWsClient healthy, int count) throws Exception {
    int first = sequence.get() + 1;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * INTERVAL_NANOS;
      while (System.nanoTime() < due) {
        LockSupport.parkNanos(due - System.nanoTime());
      }
      publish();
    }
    publisher.flush(Duration.ofSeconds(5));
    List<Integer> received = new ArrayList<>();
    List<Long> latencies = new ArrayList<>();
    while (received.size() < count) {
      JsonNode message = healthy.nextOf("h");
      JsonNode tick = message.path("payload").path("data").path("ticks");
      int n = tick.path("n").asInt();
      if (n < first) {
        continue; // a probe from before this run
      }
      received.add(n);
      latencies.add(
          message.path(GraphQLWsClient.RECEIVED_NANOS).asLong()
              - Long.parseLong(tick.path("sentAt").asText()));
      if (n == first + count - 1) {
        break;
      }
    }
    List<Integer> expected = IntStream.range(first, first + count).boxed().toList();
    if (!received.equals(expected)) {
      List<Integer> missing = new ArrayList<>(expected);
      missing.removeAll(received);
      int firstOff =
          IntStream.range(0, received.size())
              .filter(i -> received.get(i) != first + i)
              .findFirst()
              .orElse(-1);
      throw new AssertionError(
          "the healthy client gets every event, in order: missing "
              + missing
              + ", first out of place at "
              + firstOff
              + ": "
              + received.subList(
                  Math.max(0, firstOff - 3), Math.min(received.size(), firstOff + 10)));
    }
    return latencies;
  }

  /** Publishes probes until the stalled client has read one event: its subscription is live. */
  void awaitFirstEvent(StalledClient slow, GraphQLWsClient healthy) throws Exception {
    AtomicBoolean probing = new AtomicBoolean(true);
    Thread probes =
        new Thread(
            () -> {
              while (probing.get()) {
                publish();
                LockSupport.parkNanos(20_000_000);
              }
            },
            "probes");
    probes.start();
    try {
      JsonNode message;
      do {
        message = slow.readMessage();
      } while (!"next".equals(message.path("type").asText()));
    } finally {
      probing.set(false);
      probes.join();
    }
    publisher.flush(Duration.ofSeconds(5));
  }

  void publish() {
    long sentAt = System.nanoTime();
    String json =
        "{\"n\":"
            + sequence.incrementAndGet()
            + ",\"sentAt\":\""
            + sentAt
            + "\",\"pad\":\""
            + PAD
            + "\"}";
    publisher.publish(subject, json.getBytes(StandardCharsets.UTF_8));
  }

  static long p99(List<Long> latencies) {
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
  }

  /**
   * A WebSocket client on a bare TCP socket with a tiny receive buffer: it does the handshake and
   * reads only when the test says so, so a test can make it stop reading altogether.
   */
  static final class StalledClient implements AutoCloseable {
    static final int DROPPED = -1;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    String closeReason = "";

    private StalledClient(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    static StalledClient connect(int port) throws IOException {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(4096); // before connect, so the TCP window stays small
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(15_000);
      StalledClient client = new StalledClient(socket);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      client.out.write(
          ("GET /graphql HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nUpgrade: websocket\r\n"
                  + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                  + Base64.getEncoder().encodeToString(nonce)
                  + "\r\n"
                  + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      client.out.flush();
      String head = client.readHead();
      if (!head.startsWith("HTTP/1.1 101")) {
        socket.close();
        throw new IOException("no WebSocket upgrade: " + head);
      }
      return client;
    }

    void send(Map<String, ?> message) throws IOException {
      byte[] payload = JSON.writeValueAsBytes(message);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x81); // FIN, text
      if (payload.length < 126) {
        frame.write(0x80 | payload.length);
      } else if (payload.length < 65_536) {
        frame.write(0x80 | 126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xff);
      } else {
        frame.write(0x80 | 127);
        frame.write(ByteBuffer.allocate(8).putLong(payload.length).array());
      }
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      out.write(frame.toByteArray());
      out.flush();
    }

    /**
     * {@code connection_init}, its {@code connection_ack}, then a {@code subscribe} with this id.
     */
    void initAndSubscribe(String id, Map<String, ?> payload) throws IOException {
      send(Map.of("type", "connection_init", "payload", Map.of()));
      JsonNode ack = readMessage();
      if (!"connection_ack".equals(ack.path("type").asText())) {
        throw new IOException("no connection_ack: " + ack);
      }
      send(Map.of("id", id, "type", "subscribe", "payload", payload));
    }

    /** The next text message; fails on a close. */
    JsonNode readMessage() throws IOException {
      while (true) {
        Frame frame = readFrame();
        if (frame.opcode() == 0x1) {
          return JSON.readTree(frame.payload());
        }
        if (frame.opcode() == 0x8) {
          throw new IOException("closed: " + closeCode(frame));
        }
      }
    }

    /**
     * Reads everything the server sent until its close frame (its code) or the end of the
     * connection ({@link #DROPPED}).
     */
    int readUntilClosed() {
      try {
        while (true) {
          Frame frame = readFrame();
          if (frame.opcode() == 0x8) {
            return closeCode(frame);
          }
        }
      } catch (IOException endedOrReset) {
        return DROPPED;
      }
    }

    private int closeCode(Frame frame) {
      byte[] body = frame.payload();
      if (body.length < 2) {
        return 1005;
      }
      closeReason = new String(body, 2, body.length - 2, StandardCharsets.UTF_8);
      return ((body[0] & 0xff) << 8) | (body[1] & 0xff);
    }

    private Frame readFrame() throws IOException {
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      int opcode = -1;
      while (true) {
        int b0 = readByte();
        int b1 = readByte();
        long length = b1 & 0x7f;
        if (length == 126) {
          length = (readByte() << 8) | readByte();
        } else if (length == 127) {
          length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
          throw new IOException("connection ended inside a frame");
        }
        int frameOpcode = b0 & 0x0f;
        if (frameOpcode >= 0x8) {
          return new Frame(frameOpcode, payload); // control frames are never fragmented
        }
        if (frameOpcode != 0) {
          opcode = frameOpcode;
        }
        message.write(payload);
        if ((b0 & 0x80) != 0) {
          return new Frame(opcode, message.toByteArray());
        }
      }
    }

    private int readByte() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection ended");
      }
      return b;
    }

    private String readHead() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        head.write(readByte());
      }
      return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }

    record Frame(int opcode, byte[] payload) {}
  }
}
