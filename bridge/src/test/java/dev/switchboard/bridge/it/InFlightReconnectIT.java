package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The NATS server the bridge is connected to goes away while requests wait for their replies. The
 * replies can no longer come, so those requests end at once instead of waiting out their 8 s
 * deadline: queries are sent again when the connection is back and succeed; a mutation without an
 * idempotency key is not repeated and fails with SERVICE_UNAVAILABLE.
 */
@Timeout(60)
class InFlightReconnectIT {
  static final long DEADLINE_MS = 8000;
  static final int IN_FLIGHT = 4;
  static final long HELD_MS = 2000;
  @RegisterExtension final NatsServerExtension nats = new NatsServerExtension().perTest();
  final ExecutorService clients = Executors.newCachedThreadPool();
  final ExecutorService slowWork = Executors.newCachedThreadPool();

  Connection service;

  @AfterEach
  void stop() throws InterruptedException {
    clients.shutdownNow();
    slowWork.shutdownNow();
    service.close();
  }

  private TestBridge startSlowService(String prefix, AtomicInteger received) throws Exception {
    // the service reconnects quickly too (jnats waits 2 s by default), or retries find no one
    service =
        Nats.connect(
            new Options.Builder()
                .server(nats.url())
                .reconnectWait(Duration.ofMillis(50))
                .maxReconnects(-1)
                .build());
    Responder.builder(service, "slow", "1.0.0")
        .executor(slowWork)
        .endpoint(
            "count",
            prefix + ".>",
            request -> {
              // the first requests are held until the server is gone, so their replies are lost
              if (received.incrementAndGet() <= IN_FLIGHT) {
                sleep(HELD_MS);
              }
              return Reply.json("42");
            })
        .start();
    String sdl =
        """
        type Query { count: Int @natsRequest(subject: "%1$s.count", timeout: "8s", retries: 2) }
        type Mutation { bump: Int @natsRequest(subject: "%1$s.bump", timeout: "8s") }
        """
            .formatted(prefix);
    return nats.startBridge(sdl);
  }

  @Test
  void serverRestarts_withQueriesInFlight_theyAreSentAgainAfterTheReconnect_andSucceed()
      throws Exception {
    String prefix = Subjects.uniquePrefix();
    AtomicInteger received = new AtomicInteger();
    TestBridge bridge = startSlowService(prefix, received);

    List<CompletableFuture<Response>> queries = send(bridge, "{ count }", IN_FLIGHT);
    Probes.awaitTrue(
        () -> received.get() == IN_FLIGHT, () -> "the service got " + received + " requests");
    long killed = System.nanoTime();
    nats.server().restart();

    for (CompletableFuture<Response> query : queries) {
      Response answer = query.join();
      assertEquals(42, answer.data().path("count").asInt(), answer::toString);
    }
    long tookMs = (System.nanoTime() - killed) / 1_000_000;
    assertTrue(
        tookMs < DEADLINE_MS / 2,
        "answered " + tookMs + " ms after the kill; the deadline is " + DEADLINE_MS + " ms");
    assertTrue(received.get() >= 2 * IN_FLIGHT, "each query was sent again: " + received);
  }

  @Test
  void serverGone_withAMutationInFlight_itFailsAtOnce_andIsNotRepeated() throws Exception {
    String prefix = Subjects.uniquePrefix();
    AtomicInteger received = new AtomicInteger();
    TestBridge bridge = startSlowService(prefix, received);

    CompletableFuture<Response> mutation = send(bridge, "mutation { bump }", 1).get(0);
    Probes.awaitTrue(() -> received.get() == 1, () -> "the service got " + received);
    long killed = System.nanoTime();
    nats.server().stop();

    Response answer = mutation.join();
    long tookMs = (System.nanoTime() - killed) / 1_000_000;
    assertEquals("SERVICE_UNAVAILABLE", answer.firstCode(), answer::toString);
    assertTrue(tookMs < 2000, "failed " + tookMs + " ms after the kill, not at its deadline");
    Response whileDown = bridge.client().query("{ count }");
    assertEquals("SERVICE_UNAVAILABLE", whileDown.firstCode(), whileDown::toString);
    assertTrue(whileDown.millis() < 1000, "new calls fail fast: " + whileDown.millis() + " ms");
    assertEquals(1, received.get(), "the mutation was not sent again");
  }

  private List<CompletableFuture<Response>> send(TestBridge bridge, String query, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> bridge.client().query(query), clients))
        .toList();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }
}
