package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.JwksServer;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The issuer's keys fetched from {@code auth.jwksUrl}: rotation is picked up, an outage is ridden
 * out on cached keys, made-up key ids cannot make the bridge hammer the issuer, and an issuer that
 * cannot be reached is "try again" (503), not "your token is bad" (401).
 */
@Timeout(60)
class JwksIT {
  private static final String QUERY = "{\"query\":\"{ hello }\"}";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static Connection services;
  static Responder hello;
  static String prefix;
  static RSAKey keyA;
  static RSAKey keyB;
  JwksServer jwks;
  TestBridge bridge;

  @BeforeAll
  static void startService() throws Exception {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    hello = Responders.answering(services, "hello", prefix + ".hello", "\"hi\"");
    keyA = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("key-a").generate();
    keyB = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("key-b").generate();
  }

  @AfterAll
  static void stopService() {
    hello.close();
  }

  @BeforeEach
  void startIssuer() {
    jwks = new JwksServer(publicSet(keyA));
  }

  @AfterEach
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
    jwks.close();
  }

  private TestBridge startBridge(String url, String jwksYaml) {
    return TestBridge.start(
        nats.server(),
        """
        type Query {
          hello: String @natsRequest(subject: "%s.hello", timeout: "2s", retries: 0)
        }
        """
            .formatted(prefix),
        """
        auth:
          issuer: %s
          audiences: [%s]
          jwksUrl: %s
          jwks:
        %s
        identity:
          enabled: false
        """
            .formatted(
                TestIssuer.ISSUER, TestIssuer.AUDIENCE, url, jwksYaml.indent(4).stripTrailing()));
  }

  private static String publicSet(RSAKey... keys) {
    List<JWK> publicKeys = new ArrayList<>();
    for (RSAKey key : keys) {
      publicKeys.add(key.toPublicJWK());
    }
    return new JWKSet(publicKeys).toString();
  }

  /**
   * A fresh valid token (its own jti, so never answered from the bridge's token cache) signed with
   * {@code key}.
   */
  private static String token(RSAKey key, String kid) {
    try {
      return TestIssuer.sign(
          new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
          TestIssuer.validClaims().jwtID(UUID.randomUUID().toString()).build(),
          new RSASSASigner(key));
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private Response call(String token) {
    return bridge.client().post(QUERY, Map.of("Authorization", "Bearer " + token));
  }

  private static void assertServed(Response response) {
    assertEquals(200, response.status(), response::toString);
    assertEquals("hi", response.data().path("hello").asText(), response::toString);
  }

  private static void assertInvalidToken(Response response) {
    assertEquals(401, response.status(), response::toString);
    assertEquals("UNAUTHENTICATED", response.firstCode(), response::toString);
    assertTrue(
        String.valueOf(response.header("WWW-Authenticate")).contains("error=\"invalid_token\""),
        response::toString);
  }

  @Test
  void keyRotation_isPickedUp_afterTheRefetchInterval_evenForATokenRefusedBefore()
      throws Exception {
    bridge = startBridge(jwks.url(), "minRefetchInterval: 1s");
    assertServed(call(token(keyA, "key-a")));
    String early = token(keyB, "key-b");
    assertInvalidToken(call(early));

    jwks.serve(publicSet(keyA, keyB));
    Thread.sleep(1_500);

    assertServed(call(token(keyB, "key-b")));
    assertServed(call(early));
    assertServed(call(token(keyA, "key-a")));
  }

  @Test
  void jwksEndpointDown_tokensSignedWithCachedKeys_keepWorking() throws Exception {
    bridge =
        startBridge(
            jwks.url(),
            """
        cacheTtl: 3s
        refreshAhead: 1s
        timeout: 500ms
        minRefetchInterval: 1s
        """);
    assertServed(call(token(keyA, "key-a")));
    int fetchesBeforeTheOutage = jwks.fetches();

    jwks.down(true);
    Thread.sleep(4_000);

    assertServed(call(token(keyA, "key-a")));
    assertTrue(
        jwks.fetches() > fetchesBeforeTheOutage,
        "the cache expired during the outage, so the bridge must have tried again");
  }

  @Test
  void floodOfUnknownKeyIds_isRateLimited_andEachIsRefusedQuickly() {
    bridge = startBridge(jwks.url(), "minRefetchInterval: 30s");
    assertServed(call(token(keyA, "key-a")));
    int fetchesBefore = jwks.fetches();

    try (SubjectSpy spy = new SubjectSpy(services, prefix + ".>")) {
      for (int i = 0; i < 50; i++) {
        Response response = call(token(keyA, "made-up-" + i));

        assertInvalidToken(response);
        assertTrue(response.millis() < 1_000, "answered in " + response.millis() + " ms");
      }
      assertEquals(List.of(), spy.messages());
    }
    assertTrue(
        jwks.fetches() - fetchesBefore <= 2,
        "50 made-up kids caused " + (jwks.fetches() - fetchesBefore) + " fetches");
    assertServed(call(token(keyA, "key-a")));
  }

  @Test
  void jwksUnreachableFromTheStart_isServiceUnavailable_notUnauthenticated_andHealthzStaysUp() {
    String unreachable = jwks.url();
    jwks.close();
    bridge = startBridge(unreachable, "timeout: 500ms");

    for (int i = 0; i < 4; i++) {
      Response response = call(token(keyA, "key-a"));

      assertEquals(503, response.status(), response::toString);
      assertEquals("SERVICE_UNAVAILABLE", response.firstCode(), response::toString);
      assertNull(response.header("WWW-Authenticate"), "a key outage is not the token's fault");
    }
    assertEquals(200, bridge.client().send("GET", "/healthz", null, Map.of()).status());
  }

  @Test
  void closedBridge_stopsFetchingKeys() throws Exception {
    // A 1 s fetch timeout: 250 ms once timed out under a loaded machine (503, not the point here).
    // A refresher that outlived the bridge would fetch at 2 s (cacheTtl - refreshAhead).
    bridge =
        startBridge(
            jwks.url(),
            """
        cacheTtl: 3s
        refreshAhead: 1s
        timeout: 1s
        minRefetchInterval: 1s
        """);
    assertServed(call(token(keyA, "key-a")));
    bridge.close();
    bridge = null;
    Thread.sleep(500);
    int fetchesAtClose = jwks.fetches();

    Thread.sleep(3_000);

    assertEquals(
        fetchesAtClose, jwks.fetches(), "a closed bridge still refreshes the issuer's keys");
  }
}
