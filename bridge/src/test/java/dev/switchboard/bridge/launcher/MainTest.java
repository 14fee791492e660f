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
    assertContains(Main.USAGE, err());
    assertEquals("", out());
  }

  @Test
  void run_unknownOption_exitsTwoWithUsageOnStderr() {
    assertEquals(2, run("check", "--verbose", "yes"));

    assertContains("unknown option: --verbose", err());
    assertContains("usage: switchboard", err());
  }

  @Test
  void run_optionWithoutValue_exitsTwo() {
    assertEquals(2, run("check", "--config"));

    assertContains("unknown or incomplete option: --config", err());
  }

  @Test
  void run_badPort_exitsTwoNamingTheValue() {
    assertEquals(2, run("serve", "--port", "http"));
    assertContains("--port needs a number between 0 and 65535, got http", err());

    assertEquals(2, run("demo", "--port", "70000"));
    assertContains("got 70000", err());
  }

  @Test
  void run_help_printsUsageAndSucceeds() {
    assertEquals(0, run("help"));

    assertEquals(Main.USAGE, out());
    assertEquals("", err());
  }

  @Test
  void run_helpOption_printsUsageWhateverTheCommand() {
    assertEquals(0, run("serve", "--help"));
    assertEquals(0, run("check", "-h"));

    assertEquals(Main.USAGE + Main.USAGE, out());
  }

  @Test
  void parse_commandAndOptions_areRead() {
    Main.Arguments arguments =
        Main.Arguments.parse(new String[] {"demo", "--port", "0", "--config", "x.yaml"});

    assertEquals(new Main.Arguments("demo", "x.yaml", 0), arguments);
  }

  @Test
  void parse_noCommand_meansServe() {
    assertEquals(
        new Main.Arguments("serve", "a.yaml", null),
        Main.Arguments.parse(new String[] {"--config", "a.yaml"}));
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
