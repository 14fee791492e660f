package dev.switchboard.bridge.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Node.js responder example ({@code deploy/examples/node-responder/customers.mjs}) as a
 * process. Its modules are installed with {@code npm ci} when missing ({@code deploy/test.sh} does
 * it up front); every line it prints is kept, and {@link #start} returns once it printed {@code
 * ready:}.
 */
public final class NodeResponder implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private boolean ended;

  private NodeResponder(Process process) {
    this.process = process;
    Thread out = new Thread(this::readLines, "node-responder-out");
    out.setDaemon(true);
    out.start();
  }

  /** Starts {@code customers.mjs} with {@code env} (NATS_URL, JWKS_SUBJECT) and awaits ready. */
  public static NodeResponder start(Map<String, String> env) {
    Path dir = exampleDir();
    installModules(dir);
    try {
      ProcessBuilder builder =
          new ProcessBuilder("node", "customers.mjs")
              .directory(dir.toFile())
              .redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      NodeResponder responder = new NodeResponder(process);
      responder.awaitLine(line -> line.startsWith("ready:"));
      return responder;
    } catch (IOException failed) {
      throw new UncheckedIOException("could not run node in " + dir, failed);
    }
  }

  /** True when a {@code node} binary runs; the IT assumes it (CI installs node). */
  public static boolean nodeInstalled() {
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

  /** The first line matching {@code test}, waiting for it; fails if the process ends first. */
  public String awaitLine(Predicate<String> test) {
    synchronized (lines) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        Optional<String> found = lines.stream().filter(test).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          throw new AssertionError("no expected line from the node responder: " + lines);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, 100_000_000L));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(interrupted);
        }
      }
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

  private void readLines() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException closed) {
      // the process was stopped: the lines are what it printed
    } finally {
      synchronized (lines) {
        ended = true;
        lines.notifyAll();
      }
    }
  }

  /** {@code npm ci} once: from the npm cache when it has the packages, so offline after a run. */
  private static void installModules(Path dir) {
    if (Files.isDirectory(dir.resolve("node_modules/nats"))
        && Files.isDirectory(dir.resolve("node_modules/jose"))) {
      return;
    }
    try {
      Process npm =
          new ProcessBuilder("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!npm.waitFor(120, TimeUnit.SECONDS) || npm.exitValue() != 0) {
        throw new IllegalStateException("npm ci failed in " + dir + ":\n" + output);
      }
    } catch (IOException failed) {
      throw new UncheckedIOException("could not run npm ci in " + dir, failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  /** From the bridge module (Maven's working directory) or the repository root. */
  private static Path exampleDir() {
    for (Path candidate :
        List.of(
            Path.of("../deploy/examples/node-responder"),
            Path.of("deploy/examples/node-responder"))) {
      if (Files.isRegularFile(candidate.resolve("customers.mjs"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "deploy/examples/node-responder not found from " + Path.of("").toAbsolutePath());
  }
}
