package dev.switchboard.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.documents.Sha256;
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

class MainTest {
  private static final String SCHEMA =
      """
      "An order"
      type Order { id: ID!, customerId: ID, customer: Customer @natsRequest(subject: "customers.get.{{ parent.customerId }}") }
      type Customer { name: String }
      type Query {
        order(id: ID!): Order @natsRequest(subject: "orders.get.{{ args.id }}", timeout: "2s", retries: 1)
      }
      """;

  @TempDir Path dir;
  private Path config;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  @BeforeEach
  void writeValidConfig() throws IOException {
    Files.writeString(dir.resolve("api.graphql"), SCHEMA);
    config =
        Files.writeString(dir.resolve("switchboard.yaml"), "schema:\n  files: [api.graphql]\n");
  }

  private int run(Map<String, String> env, String... args) {
    try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
      return Main.run(args, env, out, err);
    }
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(
        actual.contains(expected),
        () -> "expected to contain <" + expected + "> but was <" + actual + ">");
  }

  // --- usage ------------------------------------------------------------------------------------

  @Test
  void run_unknownCommand_exitsTwoWithUsageOnStderr() {
    assertEquals(2, run("launch"));

    assertContains("unknown command: launch", err());
    assertContains("Usage: switchboard [-hV] [COMMAND]", err());
    assertEquals("", out());
  }

  @Test
  void run_unknownOption_exitsTwoWithTheCommandsUsageOnStderr() {
    assertEquals(2, run("check", "--verbose", "yes"));

    assertContains("Unknown options: '--verbose', 'yes'", err());
    assertContains("Usage: switchboard check", err());
    assertEquals("", out());
  }

  @Test
  void run_optionWithoutValue_exitsTwo() {
    assertEquals(2, run("check", "--config"));

    assertContains("Missing required parameter for option '--config'", err());
  }

  @Test
  void run_badPort_exitsTwoNamingTheValue() {
    assertEquals(2, run("serve", "--port", "http"));
    assertContains("--port needs a number between 0 and 65535, got http", err());

    assertEquals(2, run("demo", "--port", "70000"));
    assertContains("got 70000", err());
  }

  @Test
  void run_optionWithoutCommand_isAnOptionOfServe() {
    assertEquals(2, run("--port", "http"));

    assertContains("Usage: switchboard serve", err());
  }

  @Test
  void run_help_listsEveryCommandAndSucceeds() {
    assertEquals(0, run("help"));

    for (String command : new String[] {"serve", "demo", "check", "schema", "permissions"}) {
      assertContains("\n  " + command + " ", out());
    }
    assertContains("Usage: switchboard [-hV] [COMMAND]", out());
    assertEquals("", err());
  }

  @Test
  void run_helpOption_printsTheUsageOfThatCommand() {
    assertEquals(0, run("serve", "--help"));
    assertContains("Usage: switchboard serve [-hV] [--config=FILE] [--port=N]", out());

    assertEquals(0, run("check", "-h"));
    assertContains("Usage: switchboard check [-hV] [--config=FILE]", out());
    assertEquals("", err());
  }

  @Test
  void run_helpCommandWithACommand_printsItsUsage() {
    assertEquals(0, run("help", "permissions"));

    assertContains("--format=FORMAT", out());
    assertContains("--connection=NAME", out());
  }

  @Test
  void run_version_printsTheProjectVersion() {
    assertEquals(0, run("--version"));

    assertTrue(out().matches("switchboard \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), out());
  }

  @Test
  void parse_commandAndOptions_areRead() {
    assertEquals(
        new Main.Invocation("demo", "x.yaml"),
        Main.parse(new String[] {"demo", "--port", "0", "--config", "x.yaml"}));
  }

  @Test
  void parse_noCommand_meansServe() {
    assertEquals(
        new Main.Invocation("serve", "a.yaml"), Main.parse(new String[] {"--config", "a.yaml"}));
    assertEquals(new Main.Invocation("serve", null), Main.parse(new String[] {}));
  }

  // --- check
  // --------------------------------------------------------------------------------------

  @Test
  void check_validConfig_printsTheBindingsAndSucceeds() {
    assertEquals(0, run("check", "--config", config.toString()));

    assertContains("config ok: 1 schema file(s), 2 NATS-backed field(s)", out());
    assertContains(
        "  Query.order -> request orders.get.{{ args.id }} (timeout 2s, retries 1)", out());
    assertContains(
        "  Order.customer -> request customers.get.{{ parent.customerId }} (timeout 5s, retries 2)",
        out());
    assertEquals("", err());
  }

  @Test
  void check_configFromEnvironment_isUsedWithItsOverrides() {
    int code =
        run(
            Map.of(
                "SWITCHBOARD_CONFIG", config.toString(), "SWITCHBOARD_REQUESTS_TIMEOUT", "750ms"),
            "check");

    assertEquals(0, code, err());
    assertContains(
        "Order.customer -> request customers.get.{{ parent.customerId }} (timeout 750ms, retries 2)",
        out());
  }

  @Test
  void check_invalidConfig_failsNamingTheKey() throws IOException {
    Files.writeString(config, "schema:\n  files: [api.graphql]\nhttp:\n  port: 99999\n");

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains(
        "invalid configuration: http.port must be between 0 and 65535, got 99999", err());
    assertEquals("", out());
  }

  @Test
  void check_fieldOnAnUnknownConnection_failsNamingFieldAndConnection() throws IOException {
    Files.writeString(
        dir.resolve("api.graphql"),
        "type Query { a: String @natsRequest(subject: \"a\", connection: \"audit\") }\n");

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains("Query.a: connection 'audit' is not configured", err());
  }

  @Test
  void check_fieldOnANamedConnection_listsIt() throws IOException {
    Files.writeString(
        dir.resolve("api.graphql"),
        "type Query { a: String @natsRequest(subject: \"a\", connection: \"audit\") }\n");
    Files.writeString(
        config,
        "schema:\n  files: [api.graphql]\nnats:\n  connections:\n"
            + "    audit: {urls: [\"nats://127.0.0.1:4223\"]}\n");

    assertEquals(0, run("check", "--config", config.toString()));

    assertContains("Query.a -> request a (timeout 5s, retries 2, connection audit)", out());
  }

  @Test
  void check_manifestWithAWrongId_failsNamingFileAndEntry() throws IOException {
    Path manifest = Files.writeString(dir.resolve("manifest.json"), "{\"abc\": \"{ order }\"}");
    Files.writeString(
        config,
        "schema:\n  files: [api.graphql]\ndocuments:\n  mode: require\n  manifests:"
            + " [manifest.json]\n");

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains(
        "invalid configuration: documents.manifests: "
            + manifest
            + ": entry \"abc\": the id is not the SHA-256 of its document",
        err());
  }

  @Test
  void check_manifestsWithSeveralBadEntries_listsEveryOne() throws IOException {
    Path first =
        Files.writeString(dir.resolve("a.json"), "{\"abc\": \"{ order }\", \"def\": \"{ x }\"}");
    Path second = Files.writeString(dir.resolve("b.json"), "[1, 2]");
    Files.writeString(
        config,
        "schema:\n  files: [api.graphql]\ndocuments:\n  mode: require\n  manifests:"
            + " [a.json, b.json]\n");

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains(
        "invalid configuration: documents.manifests: " + first + ": entry \"abc\"", err());
    assertContains(
        "invalid configuration: documents.manifests: " + first + ": entry \"def\"", err());
    assertContains("invalid configuration: documents.manifests: " + second + ": expected", err());
    assertContains("3 problems", err());
  }

  @Test
  void check_trustedProxyThatIsNotAnAddress_failsNamingTheKey() throws IOException {
    Files.writeString(
        config, "schema:\n  files: [api.graphql]\nhttp:\n  trustedProxies: [lb.internal]\n");

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains(
        "invalid configuration: http.trustedProxies: 'lb.internal' is not an IP address or CIDR"
            + " range",
        err());
  }

  @Test
  void check_trustedDocuments_areCounted() throws IOException {
    String document = "{ order(id: 1) { id } }";
    Files.writeString(
        dir.resolve("manifest.json"), "{\"%s\": \"%s\"}".formatted(Sha256.hex(document), document));
    Files.writeString(
        config,
        "schema:\n  files: [api.graphql]\ndocuments:\n  mode: require\n  manifests:"
            + " [manifest.json]\n");

    assertEquals(0, run("check", "--config", config.toString()), err());

    assertContains("1 trusted document(s)", out());
  }

  @Test
  void check_missingConfigFile_failsNamingTheFile() {
    Path missing = dir.resolve("nope.yaml");

    assertEquals(1, run("check", "--config", missing.toString()));

    assertContains("invalid configuration: config file " + missing + " does not exist", err());
  }

  @Test
  void check_invalidSchema_failsNamingFileLineAndField() throws IOException {
    Path schema =
        Files.writeString(
            dir.resolve("api.graphql"),
            "type Query {\n  order(id: ID!): String @natsRequest(subject: \"orders.*.{{ args.id }}\")\n}\n");

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains("invalid schema:\n" + schema + ":2: Query.order: ", err());
    assertContains("wildcard '*'", err());
  }

  @Test
  void check_schemaWithSeveralProblems_listsEveryOneWithFileAndLine() throws IOException {
    Path schema =
        Files.writeString(
            dir.resolve("api.graphql"),
            """
            type Order { id: ID!, lines: Int @listSize(assumedSize: 3) }
            type Query {
              order(id: ID!): Order @natsRequest(subject: "orders.*.{{ args.id }}")
              customer(id: ID!): String @natsRequest(subject: "customers.{{ args.nope }}")
              notify(id: ID!): PublishResult @natsPublish(subject: "notify.{{ args.id }}")
              audit: String @natsRequest(subject: "audit", connection: "audit")
              ghost: Ghost
            }
            extend type Order {
              detail: String @natsRequest(subject: "details.{{ parent.id }}", maxBatch: 5)
            }
            """);
    Files.writeString(
        config, "schema:\n  files: [api.graphql]\nhttp:\n  trustedProxies: [lb.internal]\n");

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains("invalid schema:\n", err());
    assertContains(schema + ":1: Order.lines: @listSize belongs on list fields", err());
    assertContains(schema + ":3: Query.order: ", err());
    assertContains("wildcard '*'", err());
    assertContains(schema + ":4: Query.customer: subject placeholder {{ args.nope }}", err());
    assertContains(schema + ":5: Query.notify: @natsPublish belongs on Mutation fields", err());
    assertContains(schema + ":10: Order.detail: @natsRequest maxBatch needs a batchKey", err());
    assertContains(schema + ":2: The field type 'Ghost' is not present", err());
    assertContains("7 problems", err());
    assertContains(
        "invalid configuration: http.trustedProxies: 'lb.internal' is not an IP address", err());
    assertEquals("", out());
  }

  @Test
  void check_fieldsOnUnknownConnections_areAllListed() throws IOException {
    Files.writeString(
        dir.resolve("api.graphql"),
        """
        type Query {
          a: String @natsRequest(subject: "a", connection: "audit")
          b: String @natsRequest(subject: "b", connection: "billing")
        }
        """);

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains(":2: Query.a: connection 'audit' is not configured", err());
    assertContains(":3: Query.b: connection 'billing' is not configured", err());
    assertContains("2 problems", err());
  }

  @Test
  void check_problemsInSeveralSchemaFiles_areAllListed() throws IOException {
    Path first =
        Files.writeString(
            dir.resolve("a.graphql"),
            "type Query { a: String @natsRequest(subject: \"a.>.b\") }\n");
    Path second = Files.writeString(dir.resolve("b.graphql"), "type Thing {\n  x: \n}\n");
    Files.writeString(config, "schema:\n  files: [a.graphql, b.graphql]\n");

    assertEquals(1, run("check", "--config", config.toString()));

    assertContains(second + ":", err());
    assertFalse(
        err().contains(first.toString()), "a syntax error stops before the directives: " + err());
  }

  // --- schema
  // -------------------------------------------------------------------------------------

  @Test
  void schema_printsTheClientSdl() {
    assertEquals(0, run("schema", "--config", config.toString()));

    assertContains("type Query", out());
    assertContains("order(id: ID!): Order", out());
    assertContains("\"An order\"", out());
    assertFalse(out().contains("natsRequest"), out());
    assertFalse(out().contains("orders.get"), out());
  }

  @Test
  void schema_invalidConfig_failsLikeCheck() {
    assertEquals(1, run("schema", "--config", dir.resolve("nope.yaml").toString()));

    assertContains("invalid configuration", err());
    assertEquals("", out());
  }
}
