package dev.switchboard.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load through the load balancer: {@code --concurrency} workers, each sending one
 * request after the other for {@code --seconds}. The client never retries a query (every failure is
 * counted as the user would see it); a publish that failed is sent again with the same idempotency
 * key until it is acknowledged, as a careful client does.
 *
 * <p>Stops early once the file {@code --stop-file} exists (a scenario of unknown length). Prints
 * one summary line ({@code key=value ...}); writes one line per failed attempt ({@code epochMillis
 * reason [message]}) to {@code --failures} and, for publishes, one line per acknowledged publish
 * ({@code key sequence duplicate}) to {@code --acked}.
 */
final class LoadDriver {
  private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":\"(\\d+)\"");
  private static final Pattern CODE = Pattern.compile("\"code\":\"([A-Z_]+)\"");
  private static final String QUERY = "query Order($id: ID!) { order(id: $id) { id status } }";
  private static final String PUBLISH =
      "mutation Record($key: String!, $run: String!, $n: Int!) { recordEvent(key: $key, run: $run,"
          + " n: $n) { ok sequence duplicate } }";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Path stopFile;
  private final URI url;
  private final boolean useGet;
  private final String run;
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong gaveUp = new AtomicLong();
  private final AtomicLong lastFailure = new AtomicLong();
  private final AtomicLong okAfterLastFailure = new AtomicLong();

  private LoadDriver(URI url, boolean useGet, String run, Path stopFile) {
    this.stopFile = stopFile;
    this.url = url;
    this.useGet = useGet;
    this.run = run;
  }

  static void main(Args args) throws Exception {
    String mode = args.or("--mode", "query");
    int concurrency = args.number("--concurrency", 16);
    long endAt = System.currentTimeMillis() + args.number("--seconds", 5) * 1000L;
    // a publish still unacknowledged when the load ends is retried this much longer
    long giveUpAt = endAt + args.number("--settle", 15) * 1000L;
    LoadDriver load =
        new LoadDriver(
            URI.create(args.required("--url")),
            "GET".equals(args.or("--method", "POST")),
            args.or("--run", Long.toString(System.currentTimeMillis(), 36)),
            Path.of(args.or("--stop-file", "/nonexistent/stop")));
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      Runnable loop =
          "publish".equals(mode)
              ? () -> load.publishUntil(worker, endAt, giveUpAt)
              : () -> load.queryUntil(worker, endAt);
      Thread thread = new Thread(loop, "load-" + w);
      thread.start();
      workers.add(thread);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    Files.write(Path.of(args.or("--failures", "/dev/null")), load.failures);
    if ("publish".equals(mode)) {
      Files.write(Path.of(args.required("--acked")), load.acked);
    }
    System.out.printf(
        "mode=%s sent=%d ok=%d failed=%d gave_up=%d last_failure_ms=%d ok_after_last_failure=%d%n",
        mode,
        load.sent.get(),
        load.ok.get(),
        load.failed.get(),
        load.gaveUp.get(),
        load.lastFailure.get(),
        load.okAfterLastFailure.get());
  }

  private void queryUntil(int worker, long endAt) {
    for (long n = 0; running(endAt); n++) {
      sent.incrementAndGet();
      String variables = "{\"id\":\"w" + worker + "-" + n + "\"}";
      Outcome outcome = send(QUERY, variables);
      if (outcome.good && outcome.body.contains("\"status\":\"SHIPPED\"")) {
        succeeded();
      } else {
        failedWith(outcome.reason);
      }
    }
  }

  private void publishUntil(int worker, long endAt, long giveUpAt) {
    for (int n = 0; running(endAt); n++) {
      sent.incrementAndGet();
      String key = run + "-w" + worker + "-" + n;
      String variables = "{\"key\":\"" + key + "\",\"run\":\"" + run + "\",\"n\":" + n + "}";
      while (true) {
        Outcome outcome = send(PUBLISH, variables);
        Matcher sequence = SEQUENCE.matcher(outcome.body);
        if (outcome.good && outcome.body.contains("\"ok\":true") && sequence.find()) {
          acked.add(
              key + " " + sequence.group(1) + " " + outcome.body.contains("\"duplicate\":true"));
          succeeded();
          break;
        }
        failedWith(outcome.reason);
        if (System.currentTimeMillis() > giveUpAt) {
          gaveUp.incrementAndGet();
          break;
        }
        pause(100);
      }
    }
  }

  private boolean running(long endAt) {
    return System.currentTimeMillis() < endAt && !Files.exists(stopFile);
  }

  private record Outcome(boolean good, String body, String reason) {}

  private Outcome send(String query, String variables) {
    try {
      HttpResponse<String> response =
          http.send(request(query, variables), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      if (response.statusCode() == 200 && !body.contains("\"errors\"")) {
        return new Outcome(true, body, "");
      }
      Matcher code = CODE.matcher(body);
      return new Outcome(
          false, body, "http-" + response.statusCode() + (code.find() ? "-" + code.group(1) : ""));
    } catch (IOException broken) {
      // the class name is the reason counted; the message says which failure it was
      return new Outcome(false, "", broken.getClass().getSimpleName() + " " + broken.getMessage());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new Outcome(false, "", "interrupted");
    }
  }

  private HttpRequest request(String query, String variables) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder()
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json");
    if (useGet) {
      String parameters =
          "?query="
              + URLEncoder.encode(query, StandardCharsets.UTF_8)
              + "&variables="
              + URLEncoder.encode(variables, StandardCharsets.UTF_8);
      return request.uri(url.resolve(url.getPath() + parameters)).GET().build();
    }
    String body =
        "{\"query\":\"" + query.replace("\"", "\\\"") + "\",\"variables\":" + variables + "}";
    return request
        .uri(url)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private void succeeded() {
    ok.incrementAndGet();
    okAfterLastFailure.incrementAndGet();
  }

  private void failedWith(String reason) {
    long now = System.currentTimeMillis();
    failed.incrementAndGet();
    failures.add(now + " " + reason);
    lastFailure.accumulateAndGet(now, Math::max);
    okAfterLastFailure.set(0);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
