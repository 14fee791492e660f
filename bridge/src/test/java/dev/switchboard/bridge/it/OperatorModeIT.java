package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.bridge.testing.CapturedLog;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * nats-server in operator mode (decentralized JWT auth): operator, account and user JWTs and NKeys
 * are made at test time with jnats's utilities; the bridge connects with a {@code .creds} file.
 */
@Timeout(60)
class OperatorModeIT {
  static final String SDL = "type Query { ping: String @natsRequest(subject: \"%s.ping\") }";
  static final JsonSerializable OPERATOR = () -> "{\"type\":\"operator\",\"version\":2}";
  static final JsonSerializable ACCOUNT =
      () ->
          "{\"type\":\"account\",\"version\":2,\"limits\":{\"subs\":-1,\"data\":-1,"
              + "\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,"
              + "\"leaf\":-1}}";

  @TempDir static Path dir;
  static NKey account;
  static LocalNatsServer server;
  static Connection services;

  @BeforeAll
  static void start() throws Exception {
    NKey operator = NKey.createOperator(null);
    account = NKey.createAccount(null);
    String operatorJwt = jwt(operator, operator, "test-operator", OPERATOR);
    String accountJwt = jwt(operator, account, "test-account", ACCOUNT);
    Path conf = dir.resolve("operator.conf");
    Files.writeString(
        conf,
        """
        operator: %s
        resolver: MEMORY
        resolver_preload: {
          %s: %s
        }
        """
            .formatted(operatorJwt, new String(account.getPublicKey()), accountJwt));
    server = LocalNatsServer.builder().arg("-c", conf.toString()).start();
    services =
        Nats.connect(
            new Options.Builder()
                .server(server.url())
                .authHandler(Nats.credentials(creds("services", account).toString()))
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    services.close();
    server.close();
  }

  @Test
  void credsFileOfAnAccountUser_connectsAndAnswers() throws Exception {
    String prefix = Subjects.uniquePrefix();
    Responders.answering(services, "ping", prefix + ".ping", "\"pong\"");
    Map<String, String> env =
        Map.of("SWITCHBOARD_NATS_CREDS_FILE", creds("bridge", account).toString());

    try (TestBridge bridge = TestBridge.start(server, SDL.formatted(prefix), "", env)) {
      assertEquals("pong", bridge.client().query("{ ping }").data().path("ping").asText());
    }
  }

  @Test
  void credsFileOfAnUnknownAccount_isNotLetIn() throws Exception {
    Path stranger = creds("stranger", NKey.createAccount(null));
    Map<String, String> env =
        Map.of(
            "SWITCHBOARD_NATS_CREDS_FILE",
            stranger.toString(),
            "SWITCHBOARD_NATS_RECONNECT_MAX_ATTEMPTS",
            "5");

    try (CapturedLog log = CapturedLog.start();
        TestBridge bridge =
            TestBridge.startConnecting(server, SDL.formatted(Subjects.uniquePrefix()), "", env)) {
      log.await("Authorization Violation");
      assertEquals(503, bridge.readyzStatus());
    }
  }

  /** A user of {@code issuer}'s account, written as {@code nsc} writes a .creds file. */
  static Path creds(String name, NKey issuer) throws Exception {
    NKey user = NKey.createUser(null);
    String userJwt = jwt(issuer, user, name, new JwtUtils.UserClaim(null));
    return Files.writeString(
        dir.resolve(name + ".creds"),
        JwtUtils.NATS_USER_JWT_FORMAT.formatted(userJwt, new String(user.getSeed())));
  }

  static String jwt(NKey issuer, NKey subject, String name, JsonSerializable claim)
      throws Exception {
    return JwtUtils.issueJWT(
        issuer,
        new String(subject.getPublicKey()),
        name,
        null,
        JwtUtils.currentTimeSeconds(),
        new String(issuer.getPublicKey()),
        claim);
  }
}
