package dev.switchboard.bridge.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool check rules} (Debian's {@code prometheus} package, installed by {@code
 * deploy/install-deps.sh --test}) accepts the shipped alert rules. Skipped on a developer machine
 * without promtool; in CI ({@code CI} set) a missing promtool fails the test.
 */
class AlertRulesTest {
  static final Path ALERTS = Path.of("../deploy/observability/alerts.yml");

  @Test
  void promtoolCheckRules_shippedAlerts_succeeds() throws IOException, InterruptedException {
    String promtool = promtool();
    assumeTrue(
        promtool != null || System.getenv("CI") != null,
        "promtool is not installed (apt-get install prometheus); CI is not set");
    assertTrue(promtool != null, "CI needs promtool: run deploy/install-deps.sh --test");

    Process check =
        new ProcessBuilder(promtool, "check", "rules", ALERTS.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");

    assertEquals(0, check.exitValue(), output);
    assertTrue(output.contains("SUCCESS"), output);
  }

  /** promtool on the PATH, or null. */
  private static String promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
