package dev.switchboard.bridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short-lived script of {@code src/test/js} (e.g. {@code asyncapi-validate.mjs}) with node
 * and returns its exit code and output. Needs node and the modules ({@code npm ci --prefix
 * bridge/src/test/js}); without them the test fails rather than passing unexercised.
 */
public final class NodeScript {
  private static final long TIMEOUT_SECONDS = 60;

  private NodeScript() {}

  /** What the script did. */
  public record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + stdout + stderr;
    }
  }

  public static Result run(String script, String... args) {
    Path path = directory().resolve(script);
    if (!Files.isDirectory(directory().resolve("node_modules"))) {
      throw new IllegalStateException(
          "the test scripts' node modules are missing: run 'npm ci --prefix bridge/src/test/js'");
    }
    List<String> command = new ArrayList<>(List.of("node", path.toString()));
    command.addAll(List.of(args));
    try {
      Path stderr = Files.createTempFile("node-script", ".err");
      Process process =
          new ProcessBuilder(command)
              .directory(directory().toFile())
              .redirectError(stderr.toFile())
              .start();
      process.getOutputStream().close();
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(script + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      String errors = Files.readString(stderr);
      Files.deleteIfExists(stderr);
      return new Result(process.exitValue(), stdout, errors);
    } catch (IOException cannotRun) {
      throw new UncheckedIOException("could not run node " + path, cannotRun);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while " + script + " ran", interrupted);
    }
  }

  /** {@code src/test/js} from the bridge module (Maven's working directory) or the repository. */
  private static Path directory() {
    for (Path candidate : List.of(Path.of("src/test/js"), Path.of("bridge/src/test/js"))) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new IllegalStateException("src/test/js not found from " + Path.of("").toAbsolutePath());
  }
}
