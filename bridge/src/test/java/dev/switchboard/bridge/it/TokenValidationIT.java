package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.JwksServer;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.identity.IdentityEnvelope;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import io.nats.client.Connection;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8725 at the HTTP edge: every token that is not exactly what the configured issuer signs for
 * this API is refused with 401 and {@code error="invalid_token"}, and nothing reaches NATS. One
 * bridge (skew 30 s, RS256 only) serves the table; a service tells who the bridge said was calling.
 */
@Timeout(60)
class TokenValidationIT {
  private static final String WHOAMI = "{ whoami { subject roles anonymous } }";
  @TempDir static Path dir;
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static final TestIssuer issuer = TestIssuer.create();
  static Connection services;
  static Responder whoami;
  static String prefix;
  static String signingKeyYaml;

  /** The attacker's own keys, and a JWK set endpoint they control. */
  static RSAKey attacker;

  static JwksServer attackerJwks;
  static TestBridge bridge;

  @BeforeAll
  static void start() throws Exception {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    signingKeyYaml = identitySigningKey(dir);
    attacker = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("attacker-1").generate();
    attackerJwks = new JwksServer(new JWKSet(attacker.toPublicJWK()).toString());
    whoami =
        Responder.builder(services, "whoami", "1.0.0")
            .endpoint(
                "whoami",
                prefix + ".whoami",
                request ->
                    Reply.json(
                        describeIdentity(
                            request
                                .header(SwitchboardHeaders.IDENTITY)
                                .orElseThrow(() -> new ServiceException(401, "no identity")))))
            .start();
    bridge =
        startBridge(
            """
          algorithms: [RS256]
          clockSkew: 30s
        """);
  }

  @AfterAll
  static void stop() {
    bridge.close();
    whoami.close();
    attackerJwks.close();
  }

  static TestBridge startBridge(String moreAuthYaml) {
    return TestBridge.start(
        nats.server(),
        """
        type Query {
          whoami: Who @natsRequest(subject: "%s.whoami", timeout: "2s", retries: 0)
        }
        type Who { subject: String, roles: [String], anonymous: Boolean }
        """
            .formatted(prefix),
        issuer.authYaml() + moreAuthYaml + signingKeyYaml);
  }

  /** The bridge signs identity envelopes with a configured key outside dev mode. */
  private static String identitySigningKey(Path dir) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bridge-1").generate();
    Path file = Files.writeString(dir.resolve("identity-key.json"), key.toJSONString());
    return "identity:\n  signingKeyFile: " + file + "\n";
  }

  /** What the bridge vouched for, as the service sees it (the envelope's claims). */
  private static String describeIdentity(String envelope) {
    try {
      JWTClaimsSet claims = SignedJWT.parse(envelope).getJWTClaimsSet();
      Map<String, Object> who = new LinkedHashMap<>();
      who.put("subject", claims.getSubject());
      who.put("roles", claims.getStringListClaim(IdentityEnvelope.ROLES));
      who.put("anonymous", claims.getBooleanClaim(IdentityEnvelope.ANONYMOUS));
      return new ObjectMapper().writeValueAsString(who);
    } catch (Exception unreadable) {
      throw new ServiceException(400, "unreadable envelope");
    }
  }

  private static Response call(String authorization) {
    return bridge
        .client()
        .post(body(), authorization == null ? Map.of() : Map.of("Authorization", authorization));
  }

  private static String body() {
    return "{\"query\":\"" + WHOAMI + "\"}";
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static Date secondsFromNow(long seconds) {
    return Date.from(Instant.now().plusSeconds(seconds));
  }

  private static JWSHeader.Builder rs256() {
    return new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
  }

  private static String signedByIssuer(JWSHeader header) {
    return TestIssuer.sign(header, TestIssuer.validClaims().build(), issuer.rsaSigner());
  }

  private static String signedByAttacker(JWSHeader header) {
    try {
      return TestIssuer.sign(header, TestIssuer.validClaims().build(), new RSASSASigner(attacker));
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static void assertRefusedAsInvalidToken(Response response) {
    assertEquals(401, response.status(), response::toString);
    assertEquals("UNAUTHENTICATED", response.firstCode(), response::toString);
    String challenge = response.header("WWW-Authenticate");
    assertNotNull(challenge, "a 401 carries a challenge");
    assertTrue(challenge.startsWith("Bearer realm=\"switchboard\""), challenge);
    assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
  }

  // --- the table: every bad token is refused, and nothing is sent ------------------------------

  static Stream<Arguments> badTokens() {
    return Stream.of(
        bad(
            "alg none (unsecured JWT)",
            () -> bearer(new PlainJWT(TestIssuer.validClaims().build()).serialize())),
        bad(
            "HS256 keyed with the RSA public key's bytes (algorithm confusion)",
            () ->
                bearer(
                    TestIssuer.sign(
                        new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .keyID("rsa-1")
                            .type(JOSEObjectType.JWT)
                            .build(),
                        TestIssuer.validClaims().build(),
                        macSigner(publicKeyBytes())))),
        bad(
            "ES256 with the issuer's real EC key, but only RS256 allowed",
            () ->
                bearer(
                    TestIssuer.sign(
                        new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID("ec-1")
                            .type(JOSEObjectType.JWT)
                            .build(),
                        TestIssuer.validClaims().build(),
                        issuer.ecSigner()))),
        bad(
            "payload tampered after signing",
            () -> bearer(tamperedSubject(issuer.token(claims -> {}), "admin"))),
        bad("signature stripped", () -> bearer(withoutSignature(issuer.token(claims -> {})))),
        bad("wrong iss", () -> bearer(issuer.token(claims -> claims.issuer("https://evil.test")))),
        bad(
            "iss differing only by a trailing slash",
            () -> bearer(issuer.token(claims -> claims.issuer(TestIssuer.ISSUER + "/")))),
        bad("missing aud", () -> bearer(issuer.token(claims -> claims.audience((String) null)))),
        bad("wrong aud", () -> bearer(issuer.token(claims -> claims.audience("another-api")))),
        bad(
            "expired an hour ago",
            () -> bearer(issuer.token(claims -> claims.expirationTime(secondsFromNow(-3600))))),
        bad(
            "expired 45 s ago, beyond the 30 s skew",
            () -> bearer(issuer.token(claims -> claims.expirationTime(secondsFromNow(-45))))),
        bad(
            "nbf 2 minutes ahead, beyond the skew",
            () -> bearer(issuer.token(claims -> claims.notBeforeTime(secondsFromNow(120))))),
        bad(
            "iat a day ahead",
            () -> bearer(issuer.token(claims -> claims.issueTime(secondsFromNow(86_400))))),
        bad(
            "iat 2 minutes ahead, beyond the skew",
            () -> bearer(issuer.token(claims -> claims.issueTime(secondsFromNow(120))))),
        bad(
            "exp 25 hours after iat, beyond the 24 h lifetime",
            () -> bearer(issuer.token(claims -> claims.expirationTime(secondsFromNow(90_000))))),
        bad(
            "iat two days ago, exp in an hour: a 49 h lifetime",
            () ->
                bearer(
                    issuer.token(
                        claims ->
                            claims
                                .issueTime(secondsFromNow(-172_800))
                                .expirationTime(secondsFromNow(3600))))),
        bad(
            "no iat, exp 25 hours ahead",
            () ->
                bearer(
                    issuer.token(
                        claims -> claims.issueTime(null).expirationTime(secondsFromNow(90_000))))),
        bad(
            "exp 30,000 years ahead",
            () ->
                bearer(
                    issuer.token(
                        claims -> claims.expirationTime(secondsFromNow(30_000L * 365 * 86_400))))),
        bad("missing exp", () -> bearer(issuer.token(claims -> claims.expirationTime(null)))),
        bad("missing sub", () -> bearer(issuer.token(claims -> claims.subject(null)))),
        bad("empty sub", () -> bearer(issuer.token(claims -> claims.subject("")))),
        bad("blank sub", () -> bearer(issuer.token(claims -> claims.subject("  ")))),
        bad(
            "kid with a path traversal",
            () -> bearer(signedByIssuer(rs256().keyID("../../etc/passwd").build()))),
        bad(
            "kid that is a URL",
            () -> bearer(signedByIssuer(rs256().keyID("http://evil/").build()))),
        bad("kid not in the set", () -> bearer(signedByIssuer(rs256().keyID("rsa-2").build()))),
        bad(
            "jku pointing at the attacker's JWK set",
            () ->
                bearer(
                    signedByAttacker(
                        rs256()
                            .keyID("attacker-1")
                            .jwkURL(URI.create(attackerJwks.url()))
                            .build()))),
        bad(
            "jku with the issuer's kid",
            () ->
                bearer(
                    signedByAttacker(
                        rs256().keyID("rsa-1").jwkURL(URI.create(attackerJwks.url())).build()))),
        bad(
            "embedded jwk header with the attacker's key",
            () ->
                bearer(
                    signedByAttacker(
                        rs256().keyID("attacker-1").jwk(attacker.toPublicJWK()).build()))),
        bad(
            "embedded jwk header without kid",
            () -> bearer(signedByAttacker(rs256().jwk(attacker.toPublicJWK()).build()))),
        bad(
            "signed by an unknown key without kid",
            () -> bearer(signedByAttacker(rs256().build()))),
        bad("garbage", () -> "Bearer not-a-jwt"),
        bad("three empty parts", () -> "Bearer .."),
        bad("bearer scheme without a token", () -> "Bearer "),
        bad(
            "Basic scheme",
            () ->
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8))),
        bad("token without a scheme", () -> issuer.token(claims -> {})),
        bad(
            "over-long token (7000 characters, under the server's header limit)",
            () -> "Bearer " + "A".repeat(7000)));
  }

  private static Arguments bad(String name, Supplier<String> authorization) {
    return Arguments.of(name, authorization);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void badToken_isRefusedWith401InvalidToken_andNothingIsSent(
      String name, Supplier<String> authorization) {
    try (SubjectSpy spy = new SubjectSpy(services, prefix + ".>")) {
      Response response = call(authorization.get());

      assertRefusedAsInvalidToken(response);
      assertTrue(response.data().isMissingNode() || response.data().isNull(), response::toString);
      assertEquals(List.of(), spy.messages(), "nothing may reach NATS for: " + name);
      assertEquals(0, attackerJwks.fetches(), "a key URL from a token was fetched");
    }
  }

  @Test
  void jkuHeader_isNeverFollowed() {
    String token =
        signedByAttacker(
            rs256().keyID("attacker-9").jwkURL(URI.create(attackerJwks.url())).build());

    assertRefusedAsInvalidToken(call(bearer(token)));
    assertEquals(0, attackerJwks.fetches(), "the bridge fetched the attacker's JWK set");
  }

  // --- the good path -----------------------------------------------------------------------------

  @Test
  void validToken_getsData_asTheTokensSubject_andTheResponseDoesNotEchoTheToken() {
    String token = issuer.tokenFor("alice", claims -> claims.claim("roles", List.of("customer")));

    Response response = call(bearer(token));

    assertEquals(200, response.status(), response::toString);
    assertEquals(
        "alice", response.data().path("whoami").path("subject").asText(), response::toString);
    assertEquals("customer", response.data().path("whoami").path("roles").path(0).asText());
    assertFalse(response.data().path("whoami").path("anonymous").asBoolean());
    assertFalse(response.text().contains(token), "the response echoes the token");
    assertFalse(
        response.text().contains(token.substring(token.lastIndexOf('.') + 1)),
        "the signature leaks");
    response
        .headers()
        .map()
        .values()
        .forEach(
            values ->
                values.forEach(
                    value ->
                        assertFalse(
                            value.contains(token.substring(token.lastIndexOf('.') + 1)),
                            "a header echoes the token")));
  }

  @Test
  void tokenExpiredWithinTheSkew_isAccepted() {
    String token = issuer.token(claims -> claims.expirationTime(secondsFromNow(-10)));

    Response response = call(bearer(token));

    assertEquals(200, response.status(), response::toString);
    assertEquals("alice", response.data().path("whoami").path("subject").asText());
  }

  @Test
  void notBeforeWithinTheSkew_isAccepted() {
    String token = issuer.token(claims -> claims.notBeforeTime(secondsFromNow(10)));

    assertEquals(200, call(bearer(token)).status());
  }

  @Test
  void tokenExpiring30000YearsAhead_isRefused_namingTheLifetimeLimit() {
    String token =
        issuer.token(claims -> claims.expirationTime(secondsFromNow(30_000L * 365 * 86_400)));

    Response response = call(bearer(token));

    assertRefusedAsInvalidToken(response);
    assertTrue(
        response
            .header("WWW-Authenticate")
            .contains(
                "error_description=\"The token lives longer than the 24h this API accepts.\""),
        response.header("WWW-Authenticate"));
  }

  @Test
  void issuedInTheFuture_isRefused_sayingSo() {
    Response response =
        call(bearer(issuer.token(claims -> claims.issueTime(secondsFromNow(86_400)))));

    assertRefusedAsInvalidToken(response);
    assertTrue(
        response
            .header("WWW-Authenticate")
            .contains("error_description=\"The token's issue time (iat) is in the future.\""),
        response.header("WWW-Authenticate"));
  }

  @Test
  void issuedInTheFutureWithinTheSkew_isAccepted() {
    String token = issuer.token(claims -> claims.issueTime(secondsFromNow(10)));

    assertEquals(200, call(bearer(token)).status());
  }

  @Test
  void configuredMaxTokenLifetime_refusesLongerTokens_andServesShorterOnes() {
    try (TestBridge shortLived = startBridge("  maxTokenLifetime: 1h\n");
        SubjectSpy spy = new SubjectSpy(services, prefix + ".>")) {
      String twoHours = issuer.token(claims -> claims.expirationTime(secondsFromNow(7200)));
      String halfAnHour = issuer.token(claims -> claims.expirationTime(secondsFromNow(1800)));

      Response refused =
          shortLived.client().post(body(), Map.of("Authorization", bearer(twoHours)));
      assertRefusedAsInvalidToken(refused);
      assertTrue(refused.header("WWW-Authenticate").contains("the 1h this API accepts"));
      assertEquals(List.of(), spy.messages(), "nothing may reach NATS");

      Response served =
          shortLived.client().post(body(), Map.of("Authorization", bearer(halfAnHour)));
      assertEquals(
          "alice", served.data().path("whoami").path("subject").asText(), served::toString);
    }
  }

  @Test
  void lowercaseBearerScheme_isAccepted() {
    Response response = call("bearer " + issuer.token(claims -> {}));

    assertEquals(
        "alice", response.data().path("whoami").path("subject").asText(), response::toString);
  }

  @Test
  void deeplyNestedClaims_doNotBreakTheBridge_whichKeepsServing() {
    Map<String, Object> nested = Map.of("leaf", "x");
    for (int level = 0; level < 500; level++) {
      nested = Map.of("n", nested);
    }
    Map<String, Object> deep = nested;
    String token = issuer.token(claims -> claims.claim("deep", deep));

    Response response = call(bearer(token));

    assertTrue(response.status() == 200 || response.status() == 401, response::toString);
    if (response.status() == 401) {
      assertRefusedAsInvalidToken(response);
    }
    Response next = call(bearer(issuer.token(claims -> {})));
    assertEquals(200, next.status(), next::toString);
    assertEquals("alice", next.data().path("whoami").path("subject").asText());
  }

  @Test
  void headerBeyondTheServersLimit_isRefusedWith431_andNothingIsSent() throws Exception {
    HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/graphql"))
            .timeout(Duration.ofSeconds(5))
            .header("content-type", "application/json")
            .header("Authorization", "Bearer " + "A".repeat(20_000))
            .POST(HttpRequest.BodyPublishers.ofString(body()))
            .build();
    try (SubjectSpy spy = new SubjectSpy(services, prefix + ".>")) {
      HttpResponse<String> response = http11.send(request, HttpResponse.BodyHandlers.ofString());

      assertEquals(431, response.statusCode());
      assertEquals(List.of(), spy.messages());
    }
  }

  /**
   * Over an h2c upgrade the server answers 431 and closes at once; when the client is still
   * sending, the close can reset the connection before the client reads the answer (no lingering
   * close in Netty). Either is prompt; what must never happen is a hang or a message on NATS.
   */
  @Test
  void headerBeyondTheServersLimit_overAnH2cUpgrade_isAnsweredOrClosedPromptly() throws Exception {
    HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + "/graphql"))
            .timeout(Duration.ofSeconds(5))
            .header("content-type", "application/json")
            .header("Authorization", "Bearer " + "A".repeat(20_000))
            .POST(HttpRequest.BodyPublishers.ofString(body()))
            .build();
    try (SubjectSpy spy = new SubjectSpy(services, prefix + ".>")) {
      try {
        int status = h2c.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        assertTrue(status == 431 || status == 401, "status " + status);
      } catch (HttpTimeoutException hang) {
        throw new AssertionError("the oversized header was neither answered nor closed", hang);
      } catch (IOException closedBeforeTheAnswerWasRead) {
        // the connection was closed promptly, which is the other acceptable outcome
      }
      assertEquals(List.of(), spy.messages());
    }
  }

  // --- no token ---------------------------------------------------------------------------------

  @Test
  void missingToken_is401_withAPlainChallenge_andNothingIsSent() {
    try (SubjectSpy spy = new SubjectSpy(services, prefix + ".>")) {
      Response response = call(null);

      assertEquals(401, response.status(), response::toString);
      assertEquals("UNAUTHENTICATED", response.firstCode());
      assertEquals("Bearer realm=\"switchboard\"", response.header("WWW-Authenticate"));
      assertEquals(List.of(), spy.messages());
    }
  }

  @Test
  void missingToken_withAnonymousEnabled_isServedAsTheAnonymousRole() {
    try (TestBridge open =
        startBridge(
            """
          anonymous:
            enabled: true
            role: guest
        """)) {
      Response response = open.client().post(body(), Map.of());

      assertEquals(200, response.status(), response::toString);
      assertTrue(response.data().path("whoami").path("anonymous").asBoolean(), response::toString);
      assertEquals("guest", response.data().path("whoami").path("roles").path(0).asText());
      assertEquals(1, response.data().path("whoami").path("roles").size());
    }
  }

  @Test
  void badToken_withAnonymousEnabled_isStillRefused_notDowngradedToAnonymous() {
    try (TestBridge open =
        startBridge(
            """
          anonymous:
            enabled: true
        """)) {
      Response response =
          open.client()
              .post(
                  body(),
                  Map.of(
                      "Authorization",
                      bearer(issuer.token(claims -> claims.issuer("https://evil.test")))));

      assertRefusedAsInvalidToken(response);
    }
  }

  @Test
  void es256Token_isAccepted_whereTheAllowListHasIt() {
    try (TestBridge defaults = startBridge("")) {
      String token =
          TestIssuer.sign(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID("ec-1")
                  .type(JOSEObjectType.JWT)
                  .build(),
              TestIssuer.validClaims().build(),
              issuer.ecSigner());

      Response response = defaults.client().post(body(), Map.of("Authorization", bearer(token)));

      assertEquals(200, response.status(), response::toString);
    }
  }

  // --- caching
  // ------------------------------------------------------------------------------------

  @Test
  void cachedToken_keepsWorking_untilItExpires_thenIsRefused() throws Exception {
    try (TestBridge strict =
        startBridge(
            """
          clockSkew: 0s
        """)) {
      Instant expires = Instant.now().plusSeconds(3);
      String token = issuer.token(claims -> claims.expirationTime(Date.from(expires)));
      Map<String, String> headers = Map.of("Authorization", bearer(token));

      assertEquals(200, strict.client().post(body(), headers).status());
      assertEquals(
          200, strict.client().post(body(), headers).status(), "the cached token works again");

      Thread.sleep(Math.max(0, Duration.between(Instant.now(), expires).toMillis()) + 1500);
      Response late = strict.client().post(body(), headers);

      assertRefusedAsInvalidToken(late);
      assertTrue(
          late.header("WWW-Authenticate").contains("expired"), late.header("WWW-Authenticate"));
    }
  }

  // --- token makers
  // -------------------------------------------------------------------------------

  private static byte[] publicKeyBytes() {
    try {
      return issuer.rsaKey().toRSAPublicKey().getEncoded();
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static MACSigner macSigner(byte[] secret) {
    try {
      return new MACSigner(secret);
    } catch (Exception impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Same header and signature, a payload that says something else. */
  private static String tamperedSubject(String token, String subject) {
    String[] parts = token.split("\\.");
    String payload =
        Base64URL.from(parts[1])
            .decodeToString()
            .replace("\"sub\":\"alice\"", "\"sub\":\"" + subject + "\"");
    return parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
  }

  private static String withoutSignature(String token) {
    return token.substring(0, token.lastIndexOf('.') + 1);
  }
}
