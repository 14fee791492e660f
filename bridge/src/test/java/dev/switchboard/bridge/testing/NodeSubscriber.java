package dev.switchboard.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The npm {@code graphql-ws} client ({@code src/test/js/subscribe.mjs}) as a process: a
 * subscription as a real JavaScript client makes it. Each line it prints is an event ({@code
 * subscribed}, {@code next}, {@code error}, {@code complete}, {@code closed}, {@code timeout}).
 *
 * <pre>{@code
 * try (NodeSubscriber client = NodeSubscriber.start(bridge, query, Map.of(), Map.of(), 100)) {
 *   client.waitForSubscribed();
 *   ... publish ...
 *   List<JsonNode> payloads = client.await(100);
 * }
 * }</pre>
 *
 * <p>Needs {@code node} and the client's modules ({@code npm ci --prefix bridge/src/test/js}, as
 * {@code deploy/test.sh} does); without them the test fails rather than passing unexercised.
 */
public final class NodeSubscriber implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final Process process;
  private final List<JsonNode> events = new ArrayList<>();
  private final StringBuilder stderr = new StringBuilder();
  private boolean ended;

  private NodeSubscriber(Process process) {
    this.process = process;
    Thread out = new Thread(this::readEvents, "node-subscriber-out");
    out.setDaemon(true);
    out.start();
    Thread err = new Thread(this::readErrors, "node-subscriber-err");
    err.setDaemon(true);
    err.start();
  }

  /**
   * Starts a client for {@code query} on the bridge's {@code /graphql}.
   *
   * @param connectionParams the {@code connection_init} payload, e.g. {@code {"token": "..."}}
   * @param count stop after this many {@code next} events (0: never, until the timeout)
   */
  public static NodeSubscriber start(
      TestBridge bridge,
      String query,
      Map<String, ?> variables,
      Map<String, ?> connectionParams,
      int count) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("url", "ws://127.0.0.1:" + bridge.port() + "/graphql");
    spec.put("query", query);
    spec.put("variables", variables);
    spec.put("connectionParams", connectionParams);
    if (count > 0) {
      spec.put("count", count);
    }
    spec.put("timeoutMs", 60_000);
    return start(spec);
  }

  /**
   * Starts a client with a spec as {@code subscribe.mjs} reads it (url, query, variables,
   * connectionParams, count, timeoutMs).
   */
  public static NodeSubscriber start(Map<String, ?> spec) {
    return run("subscribe.mjs", spec);
  }

  /**
   * Apollo Client subscribing over multipart HTTP ({@code apollo-multipart.mjs}) on the bridge's
   * {@code /graphql}; prints {@code next}, {@code error}, {@code complete} and {@code timeout}
   * lines like {@code subscribe.mjs} (there is no {@code subscribed} signal).
   *
   * @param headers HTTP headers of the request, e.g. {@code authorization}
   * @param count stop after this many {@code next} events (0: never, until the timeout)
   */
  public static NodeSubscriber apolloMultipart(
      TestBridge bridge, String query, Map<String, String> headers, int count) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("url", "http://127.0.0.1:" + bridge.port() + "/graphql");
    spec.put("query", query);
    spec.put("headers", headers);
    if (count > 0) {
      spec.put("count", count);
    }
    spec.put("timeoutMs", 60_000);
    return run("apollo-multipart.mjs", spec);
  }

  private static NodeSubscriber run(String scriptName, Map<String, ?> spec) {
    if (!nodeInstalled()) {
      throw new IllegalStateException(
          "node is not installed: deploy/test.sh installs it (Debian: nodejs, npm)");
    }
    Path script = script(scriptName);
    if (!Files.isDirectory(script.getParent().resolve("node_modules/graphql-ws"))) {
      throw new IllegalStateException(
          "the graphql-ws client's node modules are missing: run "
              + "'npm ci --prefix bridge/src/test/js' (deploy/test.sh does)");
    }
    try {
      Process process =
          new ProcessBuilder("node", script.toString(), JSON.writeValueAsString(spec))
              .directory(script.getParent().toFile())
              .start();
      process.getOutputStream().close();
      return new NodeSubscriber(process);
    } catch (IOException failed) {
      throw new UncheckedIOException("could not run node " + script, failed);
    }
  }

  /**
   * Blocks until connection_ack arrived; fails if the client ended or printed anything else first.
   */
  public NodeSubscriber waitForSubscribed() {
    JsonNode first = awaitEvent(event -> true, WAIT);
    if (!"subscribed".equals(first.path("event").asText())) {
      throw new AssertionError("expected connection_ack first, got " + describe());
    }
    return this;
  }

  /** The payloads of the first {@code n} {@code next} events, once they have all arrived. */
  public List<JsonNode> await(int n) {
    synchronized (events) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (nexts().size() < n) {
        if (ended) {
          throw new AssertionError(
              "the client ended after " + nexts().size() + " of " + n + " events: " + describe());
        }
        waitUntil(
            deadline,
            () -> "only " + nexts().size() + " of " + n + " events arrived: " + describe());
      }
      return nexts().subList(0, n).stream().map(event -> event.path("payload")).toList();
    }
  }

  /** The first event matching {@code test}, waiting for it up to {@code timeout}. */
  public JsonNode awaitEvent(Predicate<JsonNode> test, Duration timeout) {
    synchronized (events) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Optional<JsonNode> found = events.stream().filter(test).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
        if (ended) {
          throw new AssertionError("the client ended without the expected event: " + describe());
        }
        waitUntil(deadline, () -> "no expected event within " + timeout + ": " + describe());
      }
    }
  }

  /**
   * The first event named {@code name} ({@code next}, {@code error}, {@code complete}, {@code
   * closed}...).
   */
  public JsonNode awaitEvent(String name) {
    return awaitEvent(event -> name.equals(event.path("event").asText()), WAIT);
  }

  /**
   * Waits for the process to exit (it does after count, complete, error or close) and returns every
   * event.
   */
  public List<JsonNode> awaitExit() {
    try {
      if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("the client did not end within " + WAIT + ": " + describe());
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
    synchronized (events) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!ended) {
        waitUntil(deadline, () -> "stdout did not end: " + describe());
      }
      return List.copyOf(events);
    }
  }

  /** Every event printed so far. */
  public List<JsonNode> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** Every {@code next} event so far (with its payload and arrival time {@code at}, epoch ms). */
  public List<JsonNode> nexts() {
    synchronized (events) {
      return events.stream().filter(event -> "next".equals(event.path("event").asText())).toList();
    }
  }

  /** The events so far for a failure message: all of a few, else how many and the last ones. */
  public String describe() {
    synchronized (events) {
      String shown =
          events.size() <= 12
              ? events.toString()
              : events.size()
                  + " events, the last: "
                  + events.subList(events.size() - 5, events.size());
      return shown + (stderr.isEmpty() ? "" : " stderr: " + stderr);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void waitUntil(long deadline, java.util.function.Supplier<String> failure) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError(failure.get());
    }
    try {
      TimeUnit.NANOSECONDS.timedWait(events, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  private void readEvents() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        JsonNode event = parse(line);
        synchronized (events) {
          events.add(event);
          events.notifyAll();
        }
      }
    } catch (IOException closed) {
      // the process was stopped: the events are what it printed
    } finally {
      synchronized (events) {
        ended = true;
        events.notifyAll();
      }
    }
  }

  private void readErrors() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (events) {
          stderr.append(line).append('\n');
        }
      }
    } catch (IOException closed) {
      // nothing more to read
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException notJson) {
      return JSON.createObjectNode().put("event", "unparsed").put("line", line);
    }
  }

  private static boolean nodeInstalled() {
    try {
      Process probe = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException absent) {
      return false;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * A script in {@code src/test/js/} from the bridge module (Maven's working directory) or the
   * repository root.
   */
  private static Path script(String name) {
    for (Path candidate :
        List.of(Path.of("src/test/js", name), Path.of("bridge/src/test/js", name))) {
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new IllegalStateException(name + " not found from " + Path.of("").toAbsolutePath());
  }
}
