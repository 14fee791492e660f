package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the fan-out benchmark reads off the bridge under test: heap and active subscriptions
 * (/metrics), RSS (/proc).
 */
final class BridgeProcess {
  private final long pid;
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI metrics;

  BridgeProcess(long pid, int port) {
    this.pid = pid;
    this.metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
  }

  /** Heap in use right after a full GC (jcmd GC.run), so garbage does not count. */
  long heapUsedAfterGc() throws IOException, InterruptedException {
    Process gc =
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
    gc.getInputStream().readAllBytes();
    gc.waitFor();
    Thread.sleep(500);
    double heap = 0;
    for (String line : scrape().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) heap;
  }

  /** Resident set size from /proc. */
  long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  void awaitActiveSubscriptions(int expected, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    double active = 0;
    while (System.nanoTime() < deadline) {
      for (String line : scrape().split("\n")) {
        if (line.startsWith("switchboard_subscriptions_active")) {
          active = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      if (active >= expected) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the bridge reports " + active + " active subscriptions, expected " + expected);
  }

  private String scrape() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
