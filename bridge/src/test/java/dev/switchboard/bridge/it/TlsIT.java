package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.CapturedLog;
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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS against nats-servers that demand them, with a CA and certificates made at test
 * time. A refused handshake leaves the bridge unready with a log line that names the problem in
 * config terms.
 */
@Timeout(120)
class TlsIT {
  static final String SDL = "type Query { ping: String @natsRequest(subject: \"%s.ping\") }";
  @TempDir static Path dir;
  static TestCertificates ca;
  static TestCertificates otherCa;
  static Pair client;

  /**
   * {@code tls { verify: true }}: client certificates required, its certificate names 127.0.0.1.
   */
  static LocalNatsServer mutual;

  /** Plain TLS, with a certificate for {@code elsewhere.example} only. */
  static LocalNatsServer misnamed;

  static Connection mutualServices;
  static Connection misnamedServices;

  @BeforeAll
  static void start() throws Exception {
    ca = TestCertificates.create(dir, "Test CA");
    otherCa = TestCertificates.create(dir, "Other CA");
    client = ca.client("bridge");
    Pair server = ca.server("server", "IP:127.0.0.1", "DNS:localhost");
    mutual = tlsServer("mutual.conf", server, "ca_file: \"" + ca.caFile() + "\"\n verify: true");
    Pair elsewhere = ca.server("elsewhere", "DNS:elsewhere.example");
    misnamed = tlsServer("misnamed.conf", elsewhere, "");
    mutualServices = services(mutual);
    misnamedServices = services(misnamed);
  }

  static LocalNatsServer tlsServer(String file, Pair server, String more) throws Exception {
    Path conf = dir.resolve(file);
    Files.writeString(
        conf,
        """
        tls {
          cert_file: "%s"
          key_file: "%s"
          %s
        }
        """
            .formatted(server.cert(), server.key(), more));
    return LocalNatsServer.builder().arg("-c", conf.toString()).start();
  }

  static Connection services(LocalNatsServer server) throws Exception {
    return Nats.connect(
        new Options.Builder()
            .server(server.url())
            .sslContext(ca.clientContext(ca.client("services-" + server.port())))
            .build());
  }

  @AfterAll
  static void stop() throws Exception {
    mutualServices.close();
    misnamedServices.close();
    mutual.close();
    misnamed.close();
  }

  @Test
  void clientCertificate_connectsOverMutualTlsAndAnswers() {
    String prefix = Subjects.uniquePrefix();
    Responders.answering(mutualServices, "ping", prefix + ".ping", "\"pong\"");
    Map<String, String> env = tls(ca.caFile(), client);
    env.put("SWITCHBOARD_NATS_URLS", "tls://127.0.0.1:" + mutual.port());

    try (TestBridge bridge = TestBridge.start(mutual, SDL.formatted(prefix), "", env)) {
      assertEquals("pong", bridge.client().query("{ ping }").data().path("ping").asText());
      assertEquals(200, bridge.readyzStatus());
    }
  }

  @Test
  void wrongCa_leavesTheBridgeUnready_namingTheCaFile() {
    String line =
        unready(
            mutual,
            tls(otherCa.caFile(), client),
            "is not signed by a CA in nats.tls.caFile (" + otherCa.caFile() + ")");

    assertTrue(
        line.startsWith(
            "NATS switchboard TLS handshake failed: the server's certificate (CN=server"),
        line);
  }

  @Test
  void noClientCertificate_leavesTheBridgeUnready_sayingTheServerDemandsOne() {
    Map<String, String> env = new HashMap<>();
    env.put("SWITCHBOARD_NATS_TLS_CA_FILE", ca.caFile().toString());

    unready(
        mutual,
        env,
        "NATS switchboard TLS handshake failed: the server demands a client certificate (mutual TLS): set"
            + " nats.tls.certFile and nats.tls.keyFile");
  }

  @Test
  void expiredClientCertificate_isNamedAtStart_andTheServersRefusalIsLogged() {
    Pair expired = ca.expiredClient("expired");
    Map<String, String> env = givingUp(tls(ca.caFile(), expired));

    try (CapturedLog log = CapturedLog.start();
        TestBridge bridge =
            TestBridge.startConnecting(mutual, SDL.formatted(Subjects.uniquePrefix()), "", env)) {
      log.await(
          "nats.tls.certFile ("
              + expired.cert()
              + "): the client certificate expired on 2020-01-02T00:00:00Z");
      log.await(
          "NATS switchboard TLS handshake failed: the server refused the client certificate in"
              + " nats.tls.certFile ("
              + expired.cert()
              + ")");
      assertEquals(503, bridge.readyzStatus());
    }
  }

  @Test
  void certificateWithoutTheHostsName_isRefusedByDefault() {
    Map<String, String> env = new HashMap<>();
    env.put("SWITCHBOARD_NATS_TLS_CA_FILE", ca.caFile().toString());

    unready(
        misnamed,
        env,
        "NATS switchboard TLS handshake failed: the server's certificate names DNS:elsewhere.example, not"
            + " 127.0.0.1; connect by a name it has, or set nats.tls.verifyHostname: false");
  }

  @Test
  void certificateWithoutTheHostsName_isAccepted_whenVerifyHostnameIsOff() {
    String prefix = Subjects.uniquePrefix();
    Responders.answering(misnamedServices, "ping", prefix + ".ping", "\"pong\"");
    Map<String, String> env = new HashMap<>();
    env.put("SWITCHBOARD_NATS_TLS_CA_FILE", ca.caFile().toString());
    env.put("SWITCHBOARD_NATS_TLS_VERIFY_HOSTNAME", "false");

    try (TestBridge bridge = TestBridge.start(misnamed, SDL.formatted(prefix), "", env)) {
      assertEquals("pong", bridge.client().query("{ ping }").data().path("ping").asText());
    }
  }

  @Test
  void keyOfAnotherCertificate_stopsStartUp_namingBothFiles() {
    Pair other = ca.client("other");
    Map<String, String> env = tls(ca.caFile(), new Pair(client.cert(), other.key()));

    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> TestBridge.start(mutual, SDL.formatted(Subjects.uniquePrefix()), "", env));

    assertTrue(
        refused
            .getMessage()
            .contains(
                "nats.tls.keyFile ("
                    + other.key()
                    + ") does not belong to the certificate in nats.tls.certFile ("
                    + client.cert()
                    + ")"),
        refused.getMessage());
  }

  /** Starts a bridge that cannot connect; returns the log line naming why, once /readyz is 503. */
  static String unready(LocalNatsServer server, Map<String, String> env, String expected) {
    try (CapturedLog log = CapturedLog.start();
        TestBridge bridge =
            TestBridge.startConnecting(
                server, SDL.formatted(Subjects.uniquePrefix()), "", givingUp(env))) {
      String line = log.await(expected);
      assertEquals(503, bridge.readyzStatus());
      return line;
    }
  }

  /**
   * A bridge that never connects is closed by its test, but the NATS client's connect loop only
   * ends when its attempts run out: let them, so it does not retry for the rest of the run.
   */
  static Map<String, String> givingUp(Map<String, String> env) {
    env.put("SWITCHBOARD_NATS_RECONNECT_MAX_ATTEMPTS", "20");
    return env;
  }

  static Map<String, String> tls(Path caFile, Pair clientCertificate) {
    Map<String, String> env = new HashMap<>();
    env.put("SWITCHBOARD_NATS_TLS_CA_FILE", caFile.toString());
    env.put("SWITCHBOARD_NATS_TLS_CERT_FILE", clientCertificate.cert().toString());
    env.put("SWITCHBOARD_NATS_TLS_KEY_FILE", clientCertificate.key().toString());
    return env;
  }
}
