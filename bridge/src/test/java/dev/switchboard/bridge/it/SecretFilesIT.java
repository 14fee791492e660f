package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.bridge.testing.CapturedLog;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets from files ({@code nats.tokenFile}, {@code nats.passwordFile}, as a secret manager mounts
 * them) and from the environment; a wrong one is refused by nats-server and never logged, at any
 * level.
 */
@Timeout(60)
class SecretFilesIT {
  static final String SDL = "type Query { ping: String @natsRequest(subject: \"%s.ping\") }";
  static final String TOKEN = "token-6f1d2c";
  static final String PASSWORD = "password-93be01";
  @TempDir static Path dir;
  static LocalNatsServer tokenServer;
  static LocalNatsServer userServer;
  static Connection tokenServices;
  static Connection userServices;

  @BeforeAll
  static void start() throws Exception {
    tokenServer = LocalNatsServer.builder().arg("--auth", TOKEN).start();
    userServer = LocalNatsServer.builder().arg("--user", "bridge", "--pass", PASSWORD).start();
    tokenServices =
        Nats.connect(
            new Options.Builder().server(tokenServer.url()).token(TOKEN.toCharArray()).build());
    userServices =
        Nats.connect(
            new Options.Builder()
                .server(userServer.url())
                .userInfo("bridge".toCharArray(), PASSWORD.toCharArray())
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    tokenServices.close();
    userServices.close();
    tokenServer.close();
    userServer.close();
  }

  @Test
  void tokenFile_withItsTrailingNewline_letsTheBridgeIn() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");

    assertAnswers(
        tokenServer, tokenServices, Map.of("SWITCHBOARD_NATS_TOKEN_FILE", file.toString()));
  }

  @Test
  void passwordFile_letsTheUserIn() throws Exception {
    Path file = Files.writeString(dir.resolve("password"), PASSWORD + "\n");

    assertAnswers(
        userServer,
        userServices,
        Map.of(
            "SWITCHBOARD_NATS_USER", "bridge", "SWITCHBOARD_NATS_PASSWORD_FILE", file.toString()));
  }

  @Test
  void wrongTokenFromTheEnvironment_isRefused_andNeverLogged() {
    String wrong = "wrong-token-a8c7e5";

    assertRefusedWithoutTrace(tokenServer, wrong, Map.of("SWITCHBOARD_NATS_TOKEN", wrong));
  }

  @Test
  void wrongPasswordFile_isRefused_andNeverLogged() throws Exception {
    String wrong = "wrong-password-4d2b19";
    Path file = Files.writeString(dir.resolve("wrong-password"), wrong + "\n");

    assertRefusedWithoutTrace(
        userServer,
        wrong,
        Map.of(
            "SWITCHBOARD_NATS_USER", "bridge", "SWITCHBOARD_NATS_PASSWORD_FILE", file.toString()));
  }

  static void assertAnswers(LocalNatsServer server, Connection services, Map<String, String> env) {
    String prefix = Subjects.uniquePrefix();
    Responders.answering(services, "ping", prefix + ".ping", "\"pong\"");
    try (TestBridge bridge = TestBridge.start(server, SDL.formatted(prefix), "", env)) {
      assertEquals("pong", bridge.client().query("{ ping }").data().path("ping").asText());
    }
  }

  static void assertRefusedWithoutTrace(
      LocalNatsServer server, String secret, Map<String, String> env) {
    try (CapturedLog log = CapturedLog.everything();
        TestBridge bridge =
            TestBridge.startConnecting(server, SDL.formatted(Subjects.uniquePrefix()), "", env)) {
      log.await("Authorization Violation");
      assertEquals(503, bridge.readyzStatus());
      bridge.close();
      for (String line : log.lines()) {
        assertFalse(line.contains(secret), "the secret was logged: " + line);
      }
    }
  }
}
