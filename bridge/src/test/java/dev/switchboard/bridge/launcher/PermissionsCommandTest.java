package dev.switchboard.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.support.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code permissions} on the command line: formats, connections, exit codes. */
class PermissionsCommandTest {
  private static final String SCHEMA =
      """
      type Query {
        order(id: ID!): String @natsRequest(subject: "orders.get.{{ args.id }}")
        event(id: ID!): String @natsRequest(subject: "ev.get.{{ args.id }}", connection: "events")
      }
      type Subscription {
        history(fromSequence: Int): String @natsSubscribe(subjects: ["orders.events"], stream: true)
      }
      """;

  @TempDir Path dir;
  private Path config;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  @BeforeEach
  void writeConfig() throws IOException {
    Files.writeString(dir.resolve("api.graphql"), SCHEMA);
    config =
        Files.writeString(
            dir.resolve("switchboard.yaml"),
            """
            schema:
              files: [api.graphql]
            nats:
              connections:
                events:
                  urls: ["nats://127.0.0.1:4223"]
            """);
  }

  private int run(String... args) {
    try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
      return Main.run(args, Map.of(), out, err);
    }
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void permissions_printsAConfBlockForTheDefaultConnection_andWarnsAboutTheUnnamedStream() {
    assertEquals(0, run("permissions", "--config", config.toString()));

    assertTrue(
        out()
            .startsWith(
                "# NATS permissions of the Switchboard bridge's user, from `switchboard"
                    + " permissions`\n# config: "
                    + config
                    + ", connection: default\npermissions {\n"),
        out());
    assertTrue(out().contains("\"orders.get.*\""), out());
    assertTrue(out().contains("\"$JS.API.STREAM.NAMES\""), out());
    assertTrue(!out().contains("ev.get"), "the events connection's field: " + out());
    assertTrue(
        err().startsWith("warning: Subscription.history (") && err().contains("streamName"), err());
  }

  @Test
  void permissions_jsonForANamedConnection_isTheUserJwtShape() throws Exception {
    assertEquals(
        0,
        run(
            "permissions",
            "--config",
            config.toString(),
            "--connection",
            "events",
            "--format",
            "json"));

    assertEquals(
        Json.MAPPER.readTree(
            "{\"pub\":{\"allow\":[\"ev.get.*\"]},"
                + "\"sub\":{\"allow\":[\"_INBOX_switchboard-events.>\"]}}"),
        Json.MAPPER.readTree(out()));
    assertEquals("", err(), "nothing to warn about on this connection");
  }

  @Test
  void permissions_unknownConnection_exitsOneNamingTheKnownOnes() {
    assertEquals(1, run("permissions", "--config", config.toString(), "--connection", "billing"));

    assertEquals(
        "invalid configuration: unknown connection 'billing' (configured: default, events)\n",
        err());
    assertEquals("", out());
  }

  @Test
  void permissions_unknownFormat_isBadUsage() {
    assertEquals(2, run("permissions", "--config", config.toString(), "--format", "yaml"));

    assertTrue(
        err().contains("Invalid value for option '--format': expected one of [conf, json]"), err());
  }

  @Test
  void connectionOption_ofAnotherCommand_isBadUsage() {
    assertEquals(2, run("check", "--config", config.toString(), "--connection", "events"));

    assertTrue(err().contains("Unknown options: '--connection', 'events'"), err());
  }

  @Test
  void permissions_invalidSchema_exitsOneLikeCheck() throws IOException {
    Files.writeString(dir.resolve("api.graphql"), "type Query { a: String @natsRequest }");

    assertEquals(1, run("permissions", "--config", config.toString()));

    assertTrue(err().startsWith("invalid schema:"), err());
  }
}
