package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.bridge.testing.CapturedLog;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestCertificates;
import dev.switchboard.bridge.testing.TestCertificates.Pair;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NATS secrets rotate without a bridge restart: the token and TLS files are read again at the next
 * reconnect, and a file broken by mistake keeps the last good content instead of cutting the bridge
 * off. The server's side changes by rewriting its config file and restarting it on the same port.
 */
@Timeout(120)
class SecretRotationIT {
  static final String SDL = "type Query { ping: String @natsRequest(subject: \"%s.ping\") }";
  @TempDir Path dir;

  private LocalNatsServer tokenServer(Path conf, String token) throws Exception {
    writeTokenConf(conf, token);
    return LocalNatsServer.builder().arg("-c", conf.toString()).start();
  }

  private static void writeTokenConf(Path conf, String token) throws Exception {
    Files.writeString(conf, "authorization { token: \"%s\" }\n".formatted(token));
  }

  private static Connection tokenServices(LocalNatsServer server, String token) throws Exception {
    return Nats.connect(
        new Options.Builder().server(server.url()).token(token.toCharArray()).build());
  }

  /** Waits until the bridge answers through a responder on {@code services}. */
  private static void awaitAnswers(TestBridge bridge, Connection services, String prefix) {
    Responders.answering(services, "ping", prefix + ".ping", "\"pong\"");
    Probes.awaitTrue(
        () -> "pong".equals(bridge.client().query("{ ping }").data().path("ping").asText()),
        () -> "the bridge does not answer after the rotation");
  }

  @Test
  void tokenFile_rotatedWithTheServer_bridgeReconnectsWithTheNewToken() throws Exception {
    Path conf = dir.resolve("token.conf");
    Path tokenFile = Files.writeString(dir.resolve("token"), "token-before-1\n");
    String prefix = Subjects.uniquePrefix();
    try (LocalNatsServer server = tokenServer(conf, "token-before-1");
        Connection before = tokenServices(server, "token-before-1");
        CapturedLog log = CapturedLog.start();
        TestBridge bridge =
            TestBridge.start(
                server,
                SDL.formatted(prefix),
                "",
                Map.of("SWITCHBOARD_NATS_TOKEN_FILE", tokenFile.toString()))) {
      awaitAnswers(bridge, before, prefix);

      server.stop();
      writeTokenConf(conf, "token-after-2");
      Files.writeString(tokenFile, "token-after-2\n");
      server.restart();

      try (Connection after = tokenServices(server, "token-after-2")) {
        awaitAnswers(bridge, after, prefix);
      }
      assertEquals(200, bridge.readyzStatus());
      for (String line : log.lines()) {
        assertFalse(line.contains("token-after-2"), "the token was logged: " + line);
      }
    }
  }

  @Test
  void tokenFile_goneAtTheReconnect_keepsTheLastGoodToken_andSaysSoOnce() throws Exception {
    Path conf = dir.resolve("same-token.conf");
    Path tokenFile = Files.writeString(dir.resolve("kept-token"), "token-kept-3\n");
    String prefix = Subjects.uniquePrefix();
    try (LocalNatsServer server = tokenServer(conf, "token-kept-3");
        CapturedLog log = CapturedLog.start();
        TestBridge bridge =
            TestBridge.start(
                server,
                SDL.formatted(prefix),
                "",
                Map.of("SWITCHBOARD_NATS_TOKEN_FILE", tokenFile.toString()))) {
      server.stop();
      Files.delete(tokenFile);
      server.restart();

      try (Connection services = tokenServices(server, "token-kept-3")) {
        awaitAnswers(bridge, services, prefix);
      }
      String line = log.await("nats.tokenFile: cannot read " + tokenFile);
      assertEquals(
          "nats.tokenFile: cannot read "
              + tokenFile
              + " (NoSuchFileException); connecting with the last good content of nats.tokenFile ("
              + tokenFile
              + ")",
          line.substring(0, line.indexOf(" (read at")));
      assertEquals(
          1, log.lines().stream().filter(logged -> logged.contains("cannot read")).count());
    }
  }

  @Test
  void caFile_serverCertificateFromANewCa_bridgeReconnectsTrustingIt() throws Exception {
    TestCertificates oldCa = TestCertificates.create(dir, "Old CA");
    TestCertificates newCa = TestCertificates.create(dir, "New CA");
    Pair oldServer = oldCa.server("old-server", "IP:127.0.0.1");
    Pair newServer = newCa.server("new-server", "IP:127.0.0.1");
    Path conf = dir.resolve("tls.conf");
    writeTlsConf(conf, oldServer);
    Path bridgeCa = Files.copy(oldCa.caFile(), dir.resolve("bridge-ca.pem"));
    String prefix = Subjects.uniquePrefix();
    try (LocalNatsServer server = LocalNatsServer.builder().arg("-c", conf.toString()).start();
        Connection before = tlsServices(server, oldCa);
        CapturedLog log = CapturedLog.start();
        TestBridge bridge =
            TestBridge.start(
                server,
                SDL.formatted(prefix),
                "",
                Map.of(
                    "SWITCHBOARD_NATS_URLS",
                    "tls://127.0.0.1:" + server.port(),
                    "SWITCHBOARD_NATS_TLS_CA_FILE",
                    bridgeCa.toString()))) {
      awaitAnswers(bridge, before, prefix);

      server.stop();
      writeTlsConf(conf, newServer);
      Files.copy(newCa.caFile(), bridgeCa, StandardCopyOption.REPLACE_EXISTING);
      server.restart();

      try (Connection after = tlsServices(server, newCa)) {
        awaitAnswers(bridge, after, prefix);
      }
      assertEquals(200, bridge.readyzStatus());
    }
  }

  private static void writeTlsConf(Path conf, Pair server) throws Exception {
    Files.writeString(
        conf,
        "tls {\n  cert_file: \"%s\"\n  key_file: \"%s\"\n}\n"
            .formatted(server.cert(), server.key()));
  }

  private static Connection tlsServices(LocalNatsServer server, TestCertificates ca)
      throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server("tls://127.0.0.1:" + server.port())
            .sslContext(ca.clientContext(ca.client("services-" + System.nanoTime())))
            .build());
  }
}
