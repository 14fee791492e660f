package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-connection NATS keys: named connections, TLS files, JetStream and reconnect. */
class NatsConnectionsConfigTest {
  @TempDir Path dir;

  @BeforeEach
  void writeSchema() throws IOException {
    Files.writeString(dir.resolve("schema.graphql"), "type Query { hello: String }\n");
  }

  private NatsConfig nats(String natsYaml) throws ConfigException {
    return ConfigLoader.parse(
            "schema:\n  files: [schema.graphql]\n" + natsYaml, dir, Map.of(), "test.yaml")
        .nats();
  }

  private String failure(String natsYaml) {
    return assertThrows(ConfigException.class, () -> nats(natsYaml)).getMessage();
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(actual.contains(expected), () -> "<" + expected + "> not in <" + actual + ">");
  }

  @Test
  void defaults_reconnectQuicklyForever_withJitter_andTheAccountsOwnJetStreamApi()
      throws Exception {
    NatsConfig nats = nats("");

    assertEquals(Duration.ofMillis(250), nats.reconnect().delay());
    assertEquals(Duration.ofMillis(100), nats.reconnect().jitter());
    assertEquals(-1, nats.reconnect().maxAttempts());
    assertEquals("$JS.API.", nats.jetStream().apiSubjectPrefix());
    assertEquals(List.of(NatsConfig.DEFAULT), List.copyOf(nats.byName().keySet()));
  }

  @Test
  void namedConnection_isNamedAfterTheDefaultOne_andGetsItsOwnInbox_andRelativeFiles()
      throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "not checked here");
    NatsConfig nats =
        nats(
            """
            nats:
              name: edge
              urls: ["nats://127.0.0.1:4222"]
              connections:
                audit:
                  urls: ["tls://audit.internal:4222"]
                  tls: {caFile: ca.pem}
                  jetStream: {domain: hub}
            """);

    NatsConfig audit = nats.byName().get("audit");
    assertEquals(List.of(NatsConfig.DEFAULT, "audit"), List.copyOf(nats.byName().keySet()));
    assertEquals("edge-audit", audit.name());
    assertEquals("_INBOX_edge-audit", audit.inboxPrefix());
    assertEquals(dir.resolve("ca.pem").toString(), audit.tls().caFile());
    assertTrue(audit.tls().verifyHostname());
    assertTrue(audit.usesTls());
    assertEquals("$JS.hub.API.", audit.jetStream().apiSubjectPrefix());
  }

  @Test
  void namedConnectionWithoutUrls_isRefusedNamingIt() {
    assertContains(
        "nats.connections.audit.urls is required",
        failure("nats:\n  connections:\n    audit: {name: a}\n"));
  }

  @Test
  void namedConnectionWithConnections_isRefused() {
    assertContains(
        "nats.connections.audit.connections",
        failure(
            "nats:\n  connections:\n    audit:\n      urls: [nats://a:4222]\n"
                + "      connections: {x: {urls: [nats://b:4222]}}\n"));
  }

  @Test
  void badConnectionName_isRefused() {
    assertContains(
        "'9lives' is not a connection name",
        failure("nats:\n  connections:\n    9lives: {urls: [nats://a:4222]}\n"));
  }

  @Test
  void tlsCertWithoutKey_isRefused_namingBothKeys() {
    assertContains(
        "nats.tls.certFile and nats.tls.keyFile go together",
        failure("nats:\n  tls: {certFile: schema.graphql}\n"));
  }

  @Test
  void unreadableTlsFile_isRefused_namingTheKeyAndFile() {
    assertContains(
        "nats.connections.audit.tls.caFile: ",
        failure(
            "nats:\n  connections:\n    audit:\n      urls: [nats://a:4222]\n"
                + "      tls: {caFile: /no/such/ca.pem}\n"));
  }

  @Test
  void jetStreamDomainAndPrefixTogether_areRefused() {
    assertContains(
        "nats.jetStream.domain and nats.jetStream.apiPrefix are alternatives",
        failure("nats:\n  jetStream: {domain: hub, apiPrefix: $JS.hub.API}\n"));
  }

  @Test
  void jetStreamDomainWithADot_isRefused() {
    assertContains(
        "nats.jetStream.domain: 'a.b' is not a single subject token",
        failure("nats:\n  jetStream: {domain: a.b}\n"));
  }

  @Test
  void reconnectAttemptsBelowMinusOne_areRefused() {
    assertContains(
        "nats.reconnect.maxAttempts must be -1",
        failure("nats:\n  reconnect: {maxAttempts: -2}\n"));
  }

  @Test
  void tokenAndTokenFileTogether_areRefused() {
    assertContains(
        "nats.token and nats.tokenFile are alternatives",
        failure("nats:\n  token: t\n  tokenFile: schema.graphql\n"));
  }

  @Test
  void userWithPasswordFile_isAccepted() throws Exception {
    Files.writeString(dir.resolve("password"), "secret\n");

    NatsConfig nats = nats("nats:\n  user: bridge\n  passwordFile: password\n");

    assertEquals(dir.resolve("password").toString(), nats.passwordFile());
  }

  @Test
  void envOverride_reachesTheTlsSection() throws Exception {
    Files.writeString(dir.resolve("ca.pem"), "x");
    NatsConfig nats =
        ConfigLoader.parse(
                "schema:\n  files: [schema.graphql]\n",
                dir,
                Map.of("SWITCHBOARD_NATS_TLS_CA_FILE", dir.resolve("ca.pem").toString()),
                "test.yaml")
            .nats();

    assertEquals(dir.resolve("ca.pem").toString(), nats.tls().caFile());
  }
}
