package dev.switchboard.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fan-out benchmark: N WebSocket subscribers on one server, one event published at a time on
 * NATS; reports the delivery latency to all subscribers (p50, p99, max) and, for the bridge, its
 * heap and RSS per 1,000 live subscriptions. {@code --target floor} runs it against {@link
 * FloorFanout}.
 */
public final class FanoutBench {
  private static final String USAGE =
      "FanoutBench --target floor|bridge --port P --nats URL"
          + " --subscribers N --events E --warmup W [--bridge-pid PID (with --target bridge)]";

  private FanoutBench() {}

  public static void main(String[] args) throws Exception {
    String target = CommandLine.required(args, "--target", USAGE);
    int port = Integer.parseInt(CommandLine.required(args, "--port", USAGE));
    String nats = CommandLine.required(args, "--nats", USAGE);
    int subscribers = Integer.parseInt(CommandLine.required(args, "--subscribers", USAGE));
    int events = Integer.parseInt(CommandLine.required(args, "--events", USAGE));
    int warmup = Integer.parseInt(CommandLine.required(args, "--warmup", USAGE));
    BridgeProcess bridge =
        "bridge".equals(target)
            ? new BridgeProcess(
                Long.parseLong(CommandLine.required(args, "--bridge-pid", USAGE)), port)
            : null;
    long[] memoryBefore =
        bridge == null ? null : new long[] {bridge.heapUsedAfterGc(), bridge.rss()};

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(subscribers + 16)
                .setConnectTimeout(30_000));
    ConcurrentHashMap<Integer, long[]> latencies = new ConcurrentHashMap<>();
    ConcurrentHashMap<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
    CountDownLatch subscribed = new CountDownLatch(subscribers);
    openInBatches(
        client,
        port,
        subscribers,
        subscribed,
        (seq, latency) -> {
          long[] slot = latencies.computeIfAbsent(seq, s -> new long[subscribers]);
          int index = received.computeIfAbsent(seq, s -> new AtomicInteger()).getAndIncrement();
          if (index < slot.length) {
            slot[index] = latency;
          }
        });
    if (!subscribed.await(180, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "only " + (subscribers - subscribed.getCount()) + " subscribers connected");
    }
    // The floor has no gauge: it may still be taking the last subscribes, which the warm-up events
    // cover.
    long[] memoryAfter = null;
    if (bridge != null) {
      bridge.awaitActiveSubscriptions(subscribers, Duration.ofSeconds(120));
      memoryAfter = new long[] {bridge.heapUsedAfterGc(), bridge.rss()};
    }

    try (Connection publisher = Nats.connect(nats)) {
      for (int seq = 1; seq <= warmup + events; seq++) {
        String tick = "{\"seq\":" + seq + ",\"sentAt\":" + System.nanoTime() + "}";
        publisher.publish(FloorFanout.SUBJECT, tick.getBytes(StandardCharsets.UTF_8));
        publisher.flush(Duration.ofSeconds(5));
        awaitAll(received, seq, subscribers, Duration.ofSeconds(10));
        Thread.sleep(500);
      }
    }
    report(target, subscribers, warmup, events, latencies, received);
    if (bridge != null) {
      reportMemory(subscribers, memoryBefore, memoryAfter);
    }
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Opens connections a few hundred at a time, so the bridge's accept queue never overflows. */
  private static void openInBatches(
      WebSocketClient client,
      int port,
      int subscribers,
      CountDownLatch subscribed,
      java.util.function.BiConsumer<Integer, Long> onTick)
      throws Exception {
    int batch = 250;
    for (int start = 0; start < subscribers; start += batch) {
      List<Future<?>> opening = new ArrayList<>();
      for (int i = start; i < Math.min(subscribers, start + batch); i++) {
        opening.add(
            FanoutSubscriber.connect(client, "127.0.0.1", port, onTick, subscribed::countDown));
      }
      Future.all(opening).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static void awaitAll(
      ConcurrentHashMap<Integer, AtomicInteger> received,
      int seq,
      int subscribers,
      Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      AtomicInteger count = received.get(seq);
      if (count != null && count.get() >= subscribers) {
        return;
      }
      Thread.sleep(5);
    }
  }

  private static void report(
      String target,
      int subscribers,
      int warmup,
      int events,
      ConcurrentHashMap<Integer, long[]> latencies,
      ConcurrentHashMap<Integer, AtomicInteger> received) {
    // The warm-up events let the JIT compile the delivery path; the rest are measured together.
    List<Long> all = new ArrayList<>();
    long delivered = 0;
    for (int seq = warmup + 1; seq <= warmup + events; seq++) {
      long[] slot = latencies.getOrDefault(seq, new long[0]);
      int count = Math.min(slot.length, received.getOrDefault(seq, new AtomicInteger()).get());
      delivered += count;
      for (int i = 0; i < count; i++) {
        all.add(slot[i]);
      }
    }
    long[] sorted = all.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    String name = "fan-out " + target;
    System.out.printf("%-30s %d%n", name + " subscribers", subscribers);
    System.out.printf(
        "%-30s %d after %d warm-up (delivered %d of %d)%n",
        name + " events", events, warmup, delivered, (long) events * subscribers);
    System.out.printf("%-30s %.1f ms%n", name + " latency p50", percentile(sorted, 0.50) / 1e6);
    System.out.printf("%-30s %.1f ms%n", name + " latency p99", percentile(sorted, 0.99) / 1e6);
    System.out.printf(
        "%-30s %.1f ms%n",
        name + " latency max", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  /** Heap after a full GC and RSS, each {heap, rss} in bytes, before and with the subscribers. */
  private static void reportMemory(int subscribers, long[] before, long[] after) {
    double mb = 1048576.0;
    System.out.printf(
        "bridge heap used (after GC)    %.1f MB with subscribers, %.1f MB before%n",
        after[0] / mb, before[0] / mb);
    System.out.printf(
        "bridge heap per 1000 subs      %.2f MB%n",
        (after[0] - before[0]) / mb / subscribers * 1000);
    System.out.printf(
        "bridge RSS per 1000 subs       %.2f MB (RSS %.0f MB)%n",
        (after[1] - before[1]) / mb / subscribers * 1000, after[1] / mb);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
