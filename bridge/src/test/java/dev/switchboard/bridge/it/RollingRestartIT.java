package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.RawHttp;
import dev.switchboard.bridge.testing.RawHttp.Answer;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of two bridge processes under steady load, the way an orchestrator does it:
 * SIGTERM one, it drains ({@code /readyz} 503 "draining") and exits 0, start it again, then the
 * other. A client that sends to the ready bridges and retries a request whose connection was closed
 * sees no failed request.
 */
@Timeout(240)
class RollingRestartIT {
  static final String QUERY = "{\"query\":\"{ count }\"}";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  @TempDir Path dir;

  @Test
  void sigtermOneAtATime_underLoad_failsNoRequest_andEachExits0() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(LauncherIT.JAR), "run `mvn package` first");
    String prefix = Subjects.uniquePrefix();
    AtomicInteger answered = new AtomicInteger();
    Responder.builder(nats.connect(), "count", "1.0.0")
        .endpoint(
            "count",
            prefix + ".count",
            request -> Reply.json(Integer.toString(answered.incrementAndGet())))
        .start();
    Files.writeString(
        dir.resolve("schema.graphql"),
        "type Query { count: Int @natsRequest(subject: \"%s.count\", timeout: \"2s\") }\n"
            .formatted(prefix));
    List<Node> nodes = List.of(new Node("a"), new Node("b"));
    Load load = new Load(nodes);
    try {
      for (Node node : nodes) {
        node.start();
      }
      for (Node node : nodes) {
        node.awaitReady();
      }
      load.start();
      sleep(Duration.ofSeconds(1));

      for (Node node : nodes) {
        node.process.destroy(); // SIGTERM

        Answer draining = node.awaitDraining();
        assertTrue(draining.body().contains("\"status\":\"draining\""), draining::toString);
        assertEquals("close", draining.header("Connection"), draining::toString);
        assertTrue(node.process.waitFor(30, TimeUnit.SECONDS), node + " did not exit");
        assertEquals(0, node.process.exitValue(), node + " exit code; " + node.output());

        node.start();
        node.awaitReady();
        sleep(Duration.ofSeconds(1));
      }
    } finally {
      load.stop();
      nodes.forEach(node -> node.process.destroyForcibly());
    }
    assertTrue(load.failures.isEmpty(), "failed requests: " + load.failures);
    assertTrue(load.served.get() > 50, "too little load to mean anything: " + load);
    System.out.println("rolling restart: " + load);
  }

  /** One bridge process on a fixed port, restartable. */
  final class Node {
    final String name;
    final int port;
    Process process;

    Node(String name) throws IOException {
      this.name = name;
      this.port = LauncherIT.freePort();
    }

    void start() throws IOException {
      Path config =
          Files.writeString(
              dir.resolve(name + ".yaml"),
              """
              http: {host: 127.0.0.1, port: %d, eventLoops: 1, shutdownDelay: 1s}
              nats: {urls: ["%s"]}
              schema: {files: ["schema.graphql"]}
              """
                  .formatted(port, nats.url()));
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              LauncherIT.JAR.toString(),
              "serve",
              "--config",
              config.toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(dir.resolve(name + ".out").toFile())
              .redirectError(dir.resolve(name + ".err").toFile());
      builder.environment().keySet().removeIf(variable -> variable.startsWith("SWITCHBOARD_"));
      process = builder.start();
    }

    void awaitReady() throws Exception {
      assertTrue(
          LauncherIT.awaitReady(port, process, Duration.ofSeconds(60)), this + " never ready");
    }

    /** Polls {@code /readyz} until it answers 503 (read by hand: every header shows). */
    Answer awaitDraining() {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        try (RawHttp connection = RawHttp.connect(port)) {
          Answer readyz = connection.get("/readyz");
          if (readyz.status() == 503) {
            return readyz;
          }
        }
        sleep(Duration.ofMillis(20));
      }
      throw new AssertionError(this + " never said draining");
    }

    String output() throws IOException {
      return Files.readString(dir.resolve(name + ".out"))
          + Files.readString(dir.resolve(name + ".err"));
    }

    @Override
    public String toString() {
      return "bridge " + name + " on " + port;
    }
  }

  /**
   * Steady load from a client that knows which bridges are ready (it polls {@code /readyz}, like a
   * load balancer) and retries, on another ready bridge, a request whose connection was closed.
   */
  static final class Load {
    final List<Node> nodes;
    final Map<Integer, Boolean> ready = new ConcurrentHashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final List<Thread> threads = new ArrayList<>();
    volatile boolean running = true;

    Load(List<Node> nodes) {
      this.nodes = nodes;
    }

    void start() {
      threads.add(new Thread(this::pollReadiness, "readiness"));
      for (int i = 0; i < 2; i++) {
        int first = i;
        threads.add(new Thread(() -> send(first), "load-" + i));
      }
      threads.forEach(
          thread -> {
            thread.setDaemon(true);
            thread.start();
          });
    }

    void stop() throws InterruptedException {
      running = false;
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    }

    private void pollReadiness() {
      HttpClient prober = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
      while (running) {
        for (Node node : nodes) {
          try {
            HttpResponse<Void> readyz =
                prober.send(
                    HttpRequest.newBuilder(URI.create(base(node) + "/readyz"))
                        .timeout(Duration.ofSeconds(1))
                        .build(),
                    HttpResponse.BodyHandlers.discarding());
            ready.put(node.port, readyz.statusCode() == 200);
          } catch (IOException | InterruptedException notListening) {
            ready.put(node.port, false);
          }
        }
        sleep(Duration.ofMillis(50));
      }
    }

    private void send(int turn) {
      while (running) {
        Node node = nextReady(turn++);
        if (node == null) {
          sleep(Duration.ofMillis(10));
          continue;
        }
        query(node, turn);
        sleep(Duration.ofMillis(5));
      }
    }

    /**
     * One request; a connection closed under it (a kept-alive connection the server closed) is
     * retried on the next ready bridge, a few times. A refused connection is a failure: the bridge
     * was still in the ready set, so it stopped listening before it stopped saying ready.
     */
    private void query(Node node, int turn) {
      for (int attempt = 0; attempt < 5; attempt++) {
        try {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(base(node) + "/graphql"))
                      .header("Content-Type", "application/json")
                      .timeout(Duration.ofSeconds(10))
                      .POST(HttpRequest.BodyPublishers.ofString(QUERY))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200 && response.body().contains("\"count\":")) {
            served.incrementAndGet();
          } else {
            failures.add(node + ": " + response.statusCode() + " " + response.body());
          }
          return;
        } catch (ConnectException refused) {
          // a ready bridge must not refuse: the load balancer's view was not stale by design
          failures.add(node + ": connection refused");
          return;
        } catch (IOException closed) {
          retried.incrementAndGet();
          Node other = nextReady(++turn);
          node = other != null ? other : node;
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      failures.add(node + ": still no answer after 5 attempts");
    }

    private Node nextReady(int turn) {
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get((turn + i) % nodes.size());
        if (ready.getOrDefault(node.port, false)) {
          return node;
        }
      }
      return null;
    }

    private static String base(Node node) {
      return "http://127.0.0.1:" + node.port;
    }

    @Override
    public String toString() {
      return served + " served, " + retried + " retried, " + failures.size() + " failed";
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
