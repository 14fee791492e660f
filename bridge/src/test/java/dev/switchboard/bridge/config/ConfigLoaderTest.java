package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  @TempDir Path dir;
  private Path schemaFile;

  @BeforeEach
  void writeSchema() throws IOException {
    schemaFile = Files.writeString(dir.resolve("schema.graphql"), "type Query { hello: String }\n");
  }

  /** A config that is valid apart from whatever {@code more} adds. */
  private String withSchema(String more) {
    return "schema:\n  files: [" + schemaFile + "]\n" + more;
  }

  private BridgeConfig parse(String yaml) throws ConfigException {
    return parse(yaml, Map.of());
  }

  private BridgeConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return ConfigLoader.parse(yaml, dir, env, "test.yaml");
  }

  private String failure(String yaml) {
    return failure(yaml, Map.of());
  }

  private String failure(String yaml, Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> parse(yaml, env)).getMessage();
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(
        actual.contains(expected),
        () -> "expected to contain <" + expected + "> but was <" + actual + ">");
  }

  // --- defaults -------------------------------------------------------------------------------

  @Test
  void parse_emptyYaml_asksForTheSchemaFiles() {
    assertContains("schema.files is required", failure(""));
  }

  @Test
  void parse_emptyYamlWithSchemaFilesFromTheEnvironment_givesAllDefaults() throws Exception {
    BridgeConfig config = parse("", Map.of("SWITCHBOARD_SCHEMA_FILES", schemaFile.toString()));

    assertEquals(
        new BridgeConfig(
            null,
            null,
            new BridgeConfig.SchemaConfig(List.of(schemaFile.toString())),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null),
        config);
  }

  @Test
  void parse_onlySchemaFiles_fillsEveryDocumentedDefault() throws Exception {
    BridgeConfig config = parse(withSchema(""));

    assertFalse(config.dev());
    assertEquals("0.0.0.0", config.http().host());
    assertEquals(8080, config.http().port());
    assertEquals(1024 * 1024L, config.http().maxBodyBytes());
    assertNull(config.http().graphiql());
    assertFalse(config.graphiqlEnabled(), "GraphiQL follows dev, which is off");
    assertEquals(Runtime.getRuntime().availableProcessors(), config.http().eventLoops());
    assertEquals(1000, config.http().documentCache());

    assertEquals(List.of(), config.nats().urls());
    assertEquals("switchboard", config.nats().name());
    assertNull(config.nats().token());
    assertNull(config.nats().user());
    assertNull(config.nats().password());
    assertNull(config.nats().credsFile());
    assertEquals(Duration.ofSeconds(2), config.nats().connectTimeout());

    assertEquals(Duration.ofSeconds(5), config.requests().timeout());
    assertEquals(2, config.requests().retries());
    assertEquals(Duration.ofMillis(25), config.requests().retry().backoff());
    assertEquals(Duration.ofSeconds(1), config.requests().retry().maxBackoff());
    assertEquals(0.2, config.requests().retry().budgetRatio());
    assertEquals(10, config.requests().retry().minPerSecond());
  }

  @Test
  void graphiqlEnabled_notSet_followsDevMode() throws Exception {
    assertTrue(parse(withSchema("dev: true\n")).graphiqlEnabled());
    assertFalse(parse(withSchema("dev: true\nhttp:\n  graphiql: false\n")).graphiqlEnabled());
    assertTrue(parse(withSchema("http:\n  graphiql: true\n")).graphiqlEnabled());
  }

  @Test
  void parse_emptySections_keepTheirDefaults() throws Exception {
    BridgeConfig config = parse(withSchema("http:\nnats:\nrequests:\n  retry:\n"));

    assertEquals(8080, config.http().port());
    assertEquals("switchboard", config.nats().name());
    assertEquals(Duration.ofMillis(25), config.requests().retry().backoff());
  }

  @Test
  void parse_valuesGiven_bindsThem() throws Exception {
    BridgeConfig config =
        parse(
            withSchema(
                """
        dev: true
        http:
          host: 127.0.0.1
          port: 9000
        nats:
          urls: [nats://a:4222, tls://b:4222]
          user: alice
          password: secret
          connectTimeout: 500ms
        requests:
          timeout: 1.5s
          retries: 0
          retry:
            backoff: 10ms
            maxBackoff: 2s
            budgetRatio: 0.5
            minPerSecond: 0
        """));

    assertTrue(config.dev());
    assertEquals("127.0.0.1", config.http().host());
    assertEquals(9000, config.http().port());
    assertEquals(List.of("nats://a:4222", "tls://b:4222"), config.nats().urls());
    assertEquals("alice", config.nats().user());
    assertEquals(Duration.ofMillis(500), config.nats().connectTimeout());
    assertEquals(Duration.ofMillis(1500), config.requests().timeout());
    assertEquals(0, config.requests().retries());
    assertEquals(Duration.ofMillis(10), config.requests().retry().backoff());
    assertEquals(Duration.ofSeconds(2), config.requests().retry().maxBackoff());
    assertEquals(0.5, config.requests().retry().budgetRatio());
    assertEquals(0, config.requests().retry().minPerSecond());
  }

  @Test
  void parse_singleUrlInsteadOfAList_isAListOfOne() throws Exception {
    assertEquals(
        List.of("nats://a:4222"),
        parse(withSchema("nats:\n  urls: nats://a:4222\n")).nats().urls());
  }

  // --- environment overrides -------------------------------------------------------------------

  @Test
  void parse_envHttpPort_overridesTheFile() throws Exception {
    BridgeConfig config =
        parse(withSchema("http:\n  port: 9000\n"), Map.of("SWITCHBOARD_HTTP_PORT", "9191"));

    assertEquals(9191, config.http().port());
  }

  @Test
  void parse_envWithCamelCaseKey_matchesWordsJoined() throws Exception {
    BridgeConfig config = parse(withSchema(""), Map.of("SWITCHBOARD_HTTP_MAX_BODY_BYTES", "2048"));

    assertEquals(2048L, config.http().maxBodyBytes());
  }

  @Test
  void parse_envNatsUrls_isSplitOnCommas() throws Exception {
    BridgeConfig config =
        parse(withSchema(""), Map.of("SWITCHBOARD_NATS_URLS", "nats://a:4222, nats://b:4222,"));

    assertEquals(List.of("nats://a:4222", "nats://b:4222"), config.nats().urls());
  }

  @Test
  void parse_envNestedRecordKey_reachesTheRetrySection() throws Exception {
    BridgeConfig config =
        parse(
            withSchema("requests:\n  retry:\n    budgetRatio: 0.1\n"),
            Map.of(
                "SWITCHBOARD_REQUESTS_RETRY_BUDGET_RATIO",
                "0.75",
                "SWITCHBOARD_REQUESTS_RETRIES",
                "4"));

    assertEquals(0.75, config.requests().retry().budgetRatio());
    assertEquals(4, config.requests().retries());
  }

  @Test
  void parse_envDevFlag_isABoolean() throws Exception {
    assertTrue(parse(withSchema(""), Map.of("SWITCHBOARD_DEV", "true")).dev());
  }

  @Test
  void parse_envVariableMatchingNoKey_isIgnored() throws Exception {
    BridgeConfig config =
        parse(
            withSchema(""),
            Map.of("SWITCHBOARD_FOO", "1", "SWITCHBOARD_HTTP_FOO", "2", "PATH", "/bin"));

    assertEquals(parse(withSchema("")), config);
  }

  @Test
  void parse_envOverrideWithBadValue_namesTheKey() {
    assertContains(
        "'http.port': 'abc' is not a valid whole number",
        failure(withSchema(""), Map.of("SWITCHBOARD_HTTP_PORT", "abc")));
  }

  @Test
  void apply_unmatchedVariables_areReportedButNotTheConfigFileVariable() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();

    List<String> unmatched =
        EnvOverrides.apply(
            root,
            Map.of(
                "SWITCHBOARD_FOO",
                "1",
                "SWITCHBOARD_CONFIG",
                "/etc/switchboard.yaml",
                "HOME",
                "/root",
                "SWITCHBOARD_HTTP_PORT",
                "1"));

    assertEquals(List.of("SWITCHBOARD_FOO"), unmatched);
    assertFalse(root.has("config"), "SWITCHBOARD_CONFIG selects the file; it is not a key");
    assertEquals("1", root.get("http").get("port").asText());
  }

  @Test
  void apply_variablesLogbackReads_areNotReportedAsUnmatched() throws Exception {
    // Regression: SWITCHBOARD_LOG_FORMAT and SWITCHBOARD_AUDIT_LEVEL (the README's way to turn the
    // audit log off) are read by logback.xml, yet every start warned that they were ignored.
    String logbackXml;
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/logback.xml")) {
      logbackXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> env = new TreeMap<>();
    Matcher variable = Pattern.compile("\\$\\{(SWITCHBOARD_[A-Z_]+)").matcher(logbackXml);
    while (variable.find()) {
      env.put(variable.group(1), "x");
    }

    List<String> unmatched = EnvOverrides.apply(JsonNodeFactory.instance.objectNode(), env);

    assertTrue(
        env.keySet().containsAll(List.of("SWITCHBOARD_LOG_FORMAT", "SWITCHBOARD_AUDIT_LEVEL")),
        env.toString());
    assertEquals(List.of(), unmatched);
  }

  // --- errors name the key ---------------------------------------------------------------------

  @Test
  void parse_unknownKey_namesTheKeyAndTheKnownOnes() {
    String message = failure(withSchema("http:\n  prot: 8080\n"));

    assertContains("test.yaml", message);
    assertContains("unknown key 'http.prot'", message);
    assertContains(
        "allowedOrigins, documentCache, eventLoops, graphiql, graphiqlQuery, host, idleTimeout, maxBodyBytes, maxConnections, port, shutdownDelay, trustedProxies",
        message);
  }

  @Test
  void parse_unknownTopLevelKey_listsTheSections() {
    String message = failure(withSchema("htp:\n  port: 1\n"));

    assertContains("unknown key 'htp'", message);
    assertContains(
        "auth, authorization, deadLetters, dev, documents, graphql, http, identity, limits, logging, management, nats, rateLimits, reload, requests, schema, subscriptions, telemetry",
        message);
  }

  @Test
  void parse_wrongType_namesTheKeyAndTheExpectedType() {
    assertContains(
        "'http.port': 'abc' is not a valid whole number",
        failure(withSchema("http:\n  port: abc\n")));
  }

  @Test
  void parse_scalarWhereASectionBelongs_saysAMappingIsExpected() {
    assertContains("'http': expected mapping of keys", failure(withSchema("http: 8080\n")));
  }

  @Test
  void parse_badDuration_namesTheKeyAndTheValue() {
    String message = failure(withSchema("requests:\n  timeout: 2 parsecs\n"));

    assertContains("'requests.timeout'", message);
    assertContains("'2 parsecs' is not a valid duration", message);
  }

  @Test
  void parse_listWhereADurationBelongs_saysADurationIsExpected() {
    // Regression: this read "'null' is not a valid duration".
    assertContains(
        "'requests.timeout': expected duration",
        failure(withSchema("requests:\n  timeout: [1s]\n")));
  }

  @Test
  void parse_emptyListEntry_namesTheList() {
    // Regression: this surfaced as "Cannot construct instance of ...SchemaConfig, problem:
    // NullPointerException".
    assertContains("schema.files has an empty entry", failure("schema:\n  files: [~]\n"));
    assertContains(
        "nats.urls has an empty entry", failure(withSchema("nats:\n  urls: [nats://a:4222, ~]\n")));
  }

  @Test
  void parse_portOutOfRange_namesTheKeyAndTheValue() {
    assertContains(
        "http.port must be between 0 and 65535, got 70000",
        failure(withSchema("http:\n  port: 70000\n")));
    assertContains(
        "http.port must be between 0 and 65535, got -1",
        failure(withSchema("http:\n  port: -1\n")));
  }

  @Test
  void parse_emptySchemaFiles_isRefused() {
    assertContains("schema.files is required", failure("schema:\n  files: []\n"));
  }

  @Test
  void parse_missingSchemaFile_namesTheFile() {
    String message = failure("schema:\n  files: [nowhere.graphql]\n");

    assertContains("schema.files: " + dir.resolve("nowhere.graphql") + " does not exist", message);
  }

  @Test
  void parse_httpUrlForNats_namesTheListEntry() {
    String message = failure(withSchema("nats:\n  urls: [nats://ok:4222, http://x]\n"));

    assertContains("nats.urls[1]: 'http://x' is not a NATS URL", message);
  }

  @Test
  void parse_natsUrlsAsDockerAndUsersWriteThem_areAccepted() throws Exception {
    BridgeConfig config =
        ConfigLoader.parse(
            withSchema(
                "nats:\n  urls: [nats://my_host:4222, NATS://Upper:4222, tls://user:secret@nats.internal, \"nats://[::1]:4222\"]\n"),
            dir,
            Map.of(),
            "test");

    assertEquals(4, config.nats().urls().size());
  }

  @Test
  void parse_decimalPort_isRefusedRatherThanTruncated() {
    assertContains("http.port", failure(withSchema("http:\n  port: 8080.7\n")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"_INBOX.>", "_INBOX.*", "my inbox", "_INBOX..x", "."})
  void parse_inboxPrefixThatIsNotALiteralSubject_isRefusedNamingTheKey(String prefix) {
    assertContains(
        "nats.inboxPrefix: '" + prefix + "' is not a subject prefix",
        failure(withSchema("nats:\n  inboxPrefix: \"" + prefix + "\"\n")));
  }

  @Test
  void parse_inboxPrefix_defaultsToThePrivateInboxOfTheConnectionName() throws Exception {
    assertEquals("_INBOX_switchboard", parse(withSchema("")).nats().inboxPrefix());
    assertEquals(
        "_INBOX_edge_1", parse(withSchema("nats:\n  name: \"edge 1\"\n")).nats().inboxPrefix());
  }

  @Test
  void parse_credsFileAndNkeySeedFileTogether_areRefused() {
    String both = "nats:\n  credsFile: \"%1$s\"\n  nkeySeedFile: \"%1$s\"\n".formatted(schemaFile);

    assertContains("set one of them", failure(withSchema(both)));
  }

  @Test
  void parse_unreadableNkeySeedFile_isRefusedNamingTheKey() {
    assertContains(
        "nats.nkeySeedFile: ", failure(withSchema("nats:\n  nkeySeedFile: /no/such/seed.nk\n")));
  }

  @Test
  void parse_natsUrlWithoutHost_isRefused() {
    assertContains("nats.urls[0]", failure(withSchema("nats:\n  urls: [\"nats:4222\"]\n")));
  }

  @Test
  void parse_userWithoutPassword_saysTheyGoTogether() {
    assertContains(
        "nats.user and nats.password go together", failure(withSchema("nats:\n  user: alice\n")));
    assertContains(
        "nats.user and nats.password go together", failure(withSchema("nats:\n  password: pw\n")));
  }

  @Test
  void parse_unreadableCredsFile_namesTheKey() {
    assertContains(
        "nats.credsFile",
        failure(withSchema("nats:\n  credsFile: " + dir.resolve("none.creds") + "\n")));
  }

  @Test
  void parse_retriesOutOfRange_namesTheKey() {
    assertContains(
        "requests.retries must be between 0 and 10",
        failure(withSchema("requests:\n  retries: 11\n")));
    assertContains(
        "requests.retries must be between 0 and 10",
        failure(withSchema("requests:\n  retries: -1\n")));
  }

  @Test
  void parse_budgetRatioAboveOne_namesTheKey() {
    assertContains(
        "requests.retry.budgetRatio must be between 0 and 1",
        failure(withSchema("requests:\n  retry:\n    budgetRatio: 1.5\n")));
  }

  @Test
  void parse_zeroOrHugeTimeout_namesTheKey() {
    assertContains(
        "requests.timeout must be between 1ms and 10m",
        failure(withSchema("requests:\n  timeout: 0s\n")));
    assertContains(
        "requests.timeout must be between 1ms and 10m",
        failure(withSchema("requests:\n  timeout: 11m\n")));
  }

  @Test
  void parse_maxBackoffShorterThanBackoff_namesBothKeys() {
    assertContains(
        "requests.retry.maxBackoff must not be shorter than requests.retry.backoff",
        failure(withSchema("requests:\n  retry:\n    backoff: 2s\n    maxBackoff: 1s\n")));
  }

  @Test
  void parse_nonPositiveSizes_nameTheKey() {
    assertContains(
        "http.maxBodyBytes must be positive", failure(withSchema("http:\n  maxBodyBytes: 0\n")));
    assertContains(
        "http.eventLoops must be positive", failure(withSchema("http:\n  eventLoops: 0\n")));
    assertContains("http.host must not be empty", failure(withSchema("http:\n  host: \" \"\n")));
  }

  @Test
  void parse_yamlThatIsAList_saysAMappingIsExpected() {
    String message = failure("- http\n- nats\n");

    assertContains("test.yaml", message);
    assertContains("must be a mapping of keys", message);
  }

  @Test
  void parse_malformedYaml_saysSo() {
    assertContains("not valid YAML", failure("http: [1, 2\n"));
  }

  // --- files --------------------------------------------------------------------------------

  @Test
  void load_relativeSchemaPath_isResolvedAgainstTheConfigDirectory() throws Exception {
    Path configDir = Files.createDirectory(dir.resolve("conf"));
    Files.writeString(configDir.resolve("api.graphql"), "type Query { a: String }\n");
    Path configFile =
        Files.writeString(
            configDir.resolve("switchboard.yaml"),
            "schema:\n  files: [api.graphql, ../schema.graphql]\n");

    BridgeConfig config = ConfigLoader.load(configFile, Map.of());

    assertEquals(
        List.of(
            configDir.resolve("api.graphql").toAbsolutePath().toString(),
            dir.resolve("schema.graphql").toAbsolutePath().toString()),
        config.schema().files());
  }

  @Test
  void load_classpathSchema_isKeptAsWritten() throws Exception {
    Path configFile =
        Files.writeString(
            dir.resolve("switchboard.yaml"),
            "schema:\n  files: [\"classpath:demo/schema.graphql\"]\n");

    assertEquals(
        List.of("classpath:demo/schema.graphql"),
        ConfigLoader.load(configFile, Map.of()).schema().files());
  }

  @Test
  void load_missingConfigFile_namesTheFile() {
    Path missing = dir.resolve("absent.yaml");

    ConfigException error =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));

    assertContains("config file " + missing + " does not exist", error.getMessage());
  }
}
