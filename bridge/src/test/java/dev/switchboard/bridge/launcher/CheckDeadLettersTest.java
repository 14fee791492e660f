package dev.switchboard.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} validates the {@code deadLetters} section offline, naming the key. */
class CheckDeadLettersTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int check(String deadLetters) throws IOException {
    Files.writeString(
        dir.resolve("api.graphql"),
        "type Query { a: String @natsRequest(subject: \"a\") }\n"
            + "type Mutation { b: PublishResult @natsPublish(subject: \"b\") }\n");
    Path config =
        Files.writeString(
            dir.resolve("switchboard.yaml"), "schema:\n  files: [api.graphql]\n" + deadLetters);
    try (PrintStream out =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      return Main.run(new String[] {"check", "--config", config.toString()}, Map.of(), out, errors);
    }
  }

  @Test
  void check_validSection_succeeds() throws IOException {
    assertEquals(0, check("deadLetters:\n  stream: DEAD\n  subject: app.dead\n"));
  }

  @Test
  void check_wildcardSubject_failsNamingTheKey() throws IOException {
    assertEquals(1, check("deadLetters:\n  stream: DEAD\n  subject: app.dead.>\n"));

    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        message.contains("deadLetters.subject 'app.dead.>' must be a subject prefix"), message);
  }

  @Test
  void check_unknownConnection_failsNamingTheKey() throws IOException {
    assertEquals(1, check("deadLetters:\n  stream: DEAD\n  connection: audit\n"));

    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("deadLetters.connection 'audit'"), message);
  }
}
