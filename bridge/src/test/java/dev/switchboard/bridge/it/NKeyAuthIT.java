package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.NKey;
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
 * An NKey user ({@code nats.nkeySeedFile}): a nats-server that only knows the user's public key
 * lets the bridge in with the seed, and the seed is never printed.
 */
@Timeout(60)
class NKeyAuthIT {
  static final String SDL = "type Query { ping: String @natsRequest(subject: \"%s.ping\") }";
  @TempDir static Path dir;
  static NKey user;
  static Path seedFile;
  static LocalNatsServer server;
  static Connection services;

  @BeforeAll
  static void start() throws Exception {
    user = NKey.createUser(null);
    seedFile = dir.resolve("bridge.nk");
    Files.writeString(seedFile, "# the bridge's NKey user\n" + new String(user.getSeed()) + "\n");
    Path conf = dir.resolve("server.conf");
    Files.writeString(
        conf, "authorization { users = [ { nkey: " + new String(user.getPublicKey()) + " } ] }\n");
    server = LocalNatsServer.builder().arg("-c", conf.toString()).start();
    services =
        Nats.connect(
            new Options.Builder()
                .server(server.url())
                .authHandler(Nats.staticCredentials(null, user.getSeed()))
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    services.close();
    server.close();
  }

  @Test
  void bridgeWithTheSeedFile_connectsAndAnswers() {
    String prefix = Subjects.uniquePrefix();
    Responders.answering(services, "ping", prefix + ".ping", "\"pong\"");
    try (TestBridge bridge =
        TestBridge.start(
            server,
            SDL.formatted(prefix),
            "",
            Map.of("SWITCHBOARD_NATS_NKEY_SEED_FILE", seedFile.toString()))) {
      assertEquals("pong", bridge.client().query("{ ping }").data().path("ping").asText());
    }
  }

  @Test
  void bridgeWithoutTheSeed_isNotLetIn() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> TestBridge.start(server, SDL.formatted(Subjects.uniquePrefix())).close());

    assertTrue(refused.getMessage().contains("did not connect"), refused.getMessage());
  }

  @Test
  void seedFileWithoutASeed_stopsStartUpNamingTheFileNotItsContent() throws Exception {
    Path wrong = dir.resolve("wrong.nk");
    Files.writeString(wrong, "not-a-seed-but-secret-looking\n");

    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                TestBridge.start(
                        server,
                        SDL.formatted(Subjects.uniquePrefix()),
                        "",
                        Map.of("SWITCHBOARD_NATS_NKEY_SEED_FILE", wrong.toString()))
                    .close());

    assertTrue(refused.getMessage().contains("wrong.nk"), refused.getMessage());
    assertFalse(refused.getMessage().contains("secret-looking"), refused.getMessage());
  }
}
