package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.identity.Identity;
import dev.switchboard.subjects.identity.IdentityEnvelope;
import dev.switchboard.subjects.identity.IdentityVerifier;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Request;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed identity envelope, end to end: a service written with the {@code subjects} responder
 * API verifies it with keys fetched from the bridge (over NATS, or over HTTP), and nothing else
 * passes.
 */
@Timeout(60)
class IdentityEnvelopeIT {
  static final String KEY_ID = "bridge-key-1";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static final TestIssuer issuer = TestIssuer.create();
  static ECKey signingKey;
  static Path signingKeyFile;
  @TempDir static Path dir;

  Connection services;
  ExecutorService work;
  IdentityVerifier verifier;
  Responder responder;
  String prefix;
  String jwksSubject;
  TestBridge bridge;

  /** Requests the service ran its handler for (a refused request never gets here). */
  final List<Request> handled = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void createSigningKey() throws Exception {
    signingKey = new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).generate();
    signingKeyFile = dir.resolve("bridge-signing-key.json");
    Files.writeString(signingKeyFile, signingKey.toJSONString());
  }

  @BeforeEach
  void start() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    jwksSubject = "jwks." + prefix;
    work = Executors.newCachedThreadPool();
    verifier = IdentityVerifier.builder().natsJwks(services, jwksSubject).build();
    responder =
        Responder.builder(services, "whoami", "1.0.0")
            .executor(work)
            .verifyIdentity(verifier)
            .requireIdentity()
            .endpoint(
                "whoami",
                prefix + ".whoami",
                request -> {
                  handled.add(request);
                  return Reply.json(
                      "{\"subject\":\"" + request.identity().orElseThrow().subject() + "\"}");
                })
            .start();
  }

  private void startBridge(String moreIdentityYaml) {
    startBridge("", "  signingKeyFile: " + signingKeyFile + "\n" + moreIdentityYaml);
  }

  private void startBridge(String topLevelYaml, String identityYaml) {
    bridge =
        nats.startBridge(
            """
        type Query {
          whoami: Who @natsRequest(subject: "%1$s.whoami", timeout: "3s", retries: 0)
        }
        type Who { subject: String }
        """
                .formatted(prefix),
            topLevelYaml
                + issuer.authYaml()
                + """
          anonymous:
            enabled: true
            role: visitor
        identity:
          jwksSubject: %s
          claims: [tenant, email]
        """
                    .formatted(jwksSubject)
                + identityYaml);
  }

  @AfterEach
  void stop() {
    responder.close();
    verifier.close();
    work.shutdownNow();
  }

  // ---- what the service sees ----

  @Test
  void service_seesTheVerifiedCaller_withRolesScopesAndOnlyTheSelectedClaims() {
    startBridge("");
    String token =
        issuer.tokenFor(
            "alice",
            claims ->
                claims
                    .claim("roles", List.of("customer", "auditor"))
                    .claim("scope", "orders:read orders:write")
                    .claim("tenant", "acme")
                    .claim("email", "alice@acme.io")
                    .claim("phone", "+1 555 0100"));

    Response response = query(token);

    assertEquals(
        "alice", response.data().path("whoami").path("subject").asText(), response.toString());
    Identity identity = onlyIdentity();
    assertEquals("alice", identity.subject());
    assertEquals(List.of("customer", "auditor"), identity.roles());
    assertEquals(Set.of("orders:read", "orders:write"), Set.copyOf(identity.scopes()));
    assertEquals(
        Map.of("tenant", "acme", "email", "alice@acme.io"),
        identity.claims(),
        "only identity.claims are passed on (no phone)");
    assertFalse(identity.anonymous());
    assertTrue(identity.hasRole("auditor"));
  }

  @Test
  void anonymousCaller_envelopeSaysAnonymous_withTheAnonymousRole() {
    startBridge("");

    Response response = bridge.client().query("{ whoami { subject } }");

    assertEquals(0, response.errors().size(), response.toString());
    Identity identity = onlyIdentity();
    assertTrue(identity.anonymous());
    assertEquals(List.of("visitor"), identity.roles());
    assertEquals(List.of(), identity.scopes());
    assertEquals(Map.of(), identity.claims());
  }

  // ---- the keys ----

  @Test
  void jwksEndpoint_servesOnlyThePublicKey_withTheKidOfTheConfiguredKeyAndTheEnvelope()
      throws Exception {
    startBridge("");
    query(issuer.tokenFor("alice", claims -> {}));

    Response jwks = bridge.client().send("GET", "/.well-known/jwks.json", null, Map.of());

    assertEquals(200, jwks.status());
    assertTrue(
        jwks.header("content-type").startsWith("application/jwk-set+json"),
        jwks.header("content-type"));
    assertFalse(jwks.text().contains("\"d\""), "no private part: " + jwks.text());
    JWKSet set = JWKSet.parse(jwks.text());
    assertEquals(1, set.getKeys().size());
    JWK key = set.getKeys().get(0);
    assertFalse(key.isPrivate());
    assertEquals(KEY_ID, key.getKeyID(), "the kid of identity.signingKeyFile");
    assertEquals(signingKey.toPublicJWK().getX(), key.toECKey().getX());
    assertEquals(signingKey.toPublicJWK().getY(), key.toECKey().getY());
    assertEquals("sig", key.getKeyUse().identifier());
    assertEquals(IdentityEnvelope.ALGORITHM, key.getAlgorithm());
    JWSHeader envelopeHeader = SignedJWT.parse(envelopeOf(handled.get(0))).getHeader();
    assertEquals(KEY_ID, envelopeHeader.getKeyID());
    assertEquals(IdentityEnvelope.ALGORITHM, envelopeHeader.getAlgorithm());
    assertEquals(IdentityEnvelope.TYPE, envelopeHeader.getType());
  }

  @Test
  void natsJwksSubject_answersWithTheSamePublicKeys() throws Exception {
    startBridge("");

    Message reply = services.request(jwksSubject, new byte[0], Duration.ofSeconds(3));

    JWKSet set = JWKSet.parse(new String(reply.getData(), java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(KEY_ID, set.getKeys().get(0).getKeyID());
    assertFalse(set.getKeys().get(0).isPrivate());
  }

  @Test
  void verifierWithJwksUrl_acceptsTheBridgesEnvelopes() throws Exception {
    startBridge("");
    query(issuer.tokenFor("alice", claims -> claims.claim("tenant", "acme")));
    URI jwks = URI.create("http://127.0.0.1:" + bridge.port() + "/.well-known/jwks.json");

    try (IdentityVerifier overHttp = IdentityVerifier.builder().jwksUrl(jwks.toURL()).build()) {
      Identity identity = overHttp.verify(envelopeOf(handled.get(0)));

      assertEquals("alice", identity.subject());
      assertEquals("acme", identity.claim("tenant").orElseThrow());
    }
  }

  @Test
  void signingKeyFileWithoutKid_isNamedByItsThumbprint() throws Exception {
    ECKey unnamed = new ECKeyGenerator(Curve.P_256).generate();
    Path file = dir.resolve("unnamed-key-" + prefix + ".json");
    Files.writeString(file, unnamed.toJSONString());
    startBridge("", "  signingKeyFile: " + file + "\n");

    query(issuer.tokenFor("alice", claims -> {}));

    String thumbprint = unnamed.computeThumbprint().toString();
    assertEquals(thumbprint, SignedJWT.parse(envelopeOf(handled.get(0))).getHeader().getKeyID());
    assertEquals(
        thumbprint,
        JWKSet.parse(bridge.client().send("GET", "/.well-known/jwks.json", null, Map.of()).text())
            .getKeys()
            .get(0)
            .getKeyID());
  }

  @Test
  void devModeWithoutAKeyFile_generatesAKey_thatServicesVerifyWith() throws Exception {
    startBridge("dev: true\n", "");

    query(issuer.tokenFor("alice", claims -> {}));

    String kid = SignedJWT.parse(envelopeOf(handled.get(0))).getHeader().getKeyID();
    assertNotEquals(KEY_ID, kid);
    assertEquals(
        kid,
        JWKSet.parse(bridge.client().send("GET", "/.well-known/jwks.json", null, Map.of()).text())
            .getKeys()
            .get(0)
            .getKeyID());
    assertEquals("alice", handled.get(0).identity().orElseThrow().subject());
  }

  // ---- one envelope per caller ----

  @Test
  void envelope_isReusedForTheSameToken_andDiffersPerCaller() {
    startBridge("");
    String alice = issuer.tokenFor("alice", claims -> claims.claim("roles", List.of("customer")));
    String bob = issuer.tokenFor("bob", claims -> claims.claim("roles", List.of("customer")));

    query(alice);
    query(alice);
    query(bob);

    assertEquals(3, handled.size());
    assertEquals(
        envelopeOf(handled.get(0)),
        envelopeOf(handled.get(1)),
        "the same caller's envelope is reused");
    assertNotEquals(envelopeOf(handled.get(0)), envelopeOf(handled.get(2)));
    assertEquals("bob", handled.get(2).identity().orElseThrow().subject());
  }

  @Test
  void envelope_neverOutlivesTheToken() throws Exception {
    startBridge("");
    Instant tokenExpiry =
        Instant.now().plusSeconds(45).with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0);
    String shortLived =
        issuer.tokenFor("alice", claims -> claims.expirationTime(Date.from(tokenExpiry)));
    String longLived = issuer.tokenFor("bob", claims -> {});

    query(shortLived);
    query(longLived);

    Instant shortEnvelope = expiryOf(envelopeOf(handled.get(0)));
    Instant longEnvelope = expiryOf(envelopeOf(handled.get(1)));
    assertFalse(
        shortEnvelope.isAfter(tokenExpiry),
        "envelope exp " + shortEnvelope + " after token " + tokenExpiry);
    assertTrue(shortEnvelope.isAfter(Instant.now()), "still valid now");
    assertFalse(
        longEnvelope.isAfter(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(1)),
        "otherwise the envelope lives identity.ttl (5m), not the token's hour: " + longEnvelope);
    assertEquals(handled.get(0).identity().orElseThrow().expiresAt(), shortEnvelope);
  }

  // ---- the original token ----

  @Test
  void forwardToken_off_byDefault() {
    startBridge("");

    query(issuer.tokenFor("alice", claims -> {}));

    assertTrue(handled.get(0).header(SwitchboardHeaders.TOKEN).isEmpty());
  }

  @Test
  void forwardToken_on_addsTheOriginalToken_butNotForAnonymousCallers() {
    startBridge("  forwardToken: true\n");
    String token = issuer.tokenFor("alice", claims -> {});

    query(token);
    bridge.client().query("{ whoami { subject } }");

    assertEquals(token, handled.get(0).header(SwitchboardHeaders.TOKEN).orElseThrow());
    assertTrue(handled.get(1).identity().orElseThrow().anonymous());
    assertTrue(handled.get(1).header(SwitchboardHeaders.TOKEN).isEmpty());
  }

  // ---- nothing else passes ----

  @Test
  void clientSentIdentityHeaders_neverGetThrough() throws Exception {
    startBridge("");
    String forged = forgedEnvelope(KEY_ID, "root", List.of("admin"));
    String token = issuer.tokenFor("alice", claims -> {});

    Response signedIn =
        bridge
            .client()
            .post(
                GraphQLClient.body("{ whoami { subject } }", null, null),
                Map.of(
                    "Authorization",
                    "Bearer " + token,
                    SwitchboardHeaders.IDENTITY,
                    forged,
                    SwitchboardHeaders.TOKEN,
                    "not-the-token"));
    Response anonymous =
        bridge
            .client()
            .post(
                GraphQLClient.body("{ whoami { subject } }", null, null),
                Map.of(SwitchboardHeaders.IDENTITY, forged));

    assertEquals(
        "alice", signedIn.data().path("whoami").path("subject").asText(), signedIn.toString());
    assertEquals(
        "anonymous",
        anonymous.data().path("whoami").path("subject").asText(),
        anonymous.toString());
    for (Request request : handled) {
      assertNotEquals(forged, envelopeOf(request));
      assertFalse(request.identity().orElseThrow().hasRole("admin"));
      assertTrue(request.header(SwitchboardHeaders.TOKEN).isEmpty());
    }
  }

  @Test
  void forgedEnvelopeFromARogueNatsClient_isRejectedWith401_andTheHandlerNeverRuns()
      throws Exception {
    startBridge("");
    query(issuer.tokenFor("alice", claims -> {})); // the service has the bridge's keys by now
    try (Connection rogue = Nats.connect(nats.url())) {
      Map<String, String> attempts = new LinkedHashMap<>();
      attempts.put("same kid, other key", forgedEnvelope(KEY_ID, "root", List.of("admin")));
      attempts.put("unknown kid", forgedEnvelope("rogue-1", "root", List.of("admin")));
      attempts.put("garbage", "not.a.jws");
      attempts.put("no envelope", null);
      for (Map.Entry<String, String> attempt : attempts.entrySet()) {
        Headers headers = new Headers();
        if (attempt.getValue() != null) {
          headers.put(SwitchboardHeaders.IDENTITY, attempt.getValue());
        }
        Message reply =
            rogue.request(
                NatsMessage.builder()
                    .subject(prefix + ".whoami")
                    .headers(headers)
                    .data("{}")
                    .build(),
                Duration.ofSeconds(3));

        assertNotNull(reply, attempt.getKey());
        assertEquals(
            "401",
            reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE),
            attempt.getKey());
      }
    }
    assertEquals(1, handled.size(), "only the bridge's own request ran the handler");
  }

  @Test
  void envelopeFromThisBridge_sentAgainByARogueClient_carriesOnlyWhatTheBridgeSigned()
      throws Exception {
    // a replayed envelope is still the original caller's, never more: it cannot be edited
    startBridge("");
    query(issuer.tokenFor("alice", claims -> claims.claim("roles", List.of("customer"))));
    String genuine = envelopeOf(handled.get(0));
    SignedJWT edited = SignedJWT.parse(genuine);
    String[] parts = genuine.split("\\.");
    String widenedClaims =
        com.nimbusds.jose.util.Base64URL.encode(
                new JWTClaimsSet.Builder(edited.getJWTClaimsSet())
                    .claim(IdentityEnvelope.ROLES, List.of("admin"))
                    .build()
                    .toString())
            .toString();
    String tampered = parts[0] + "." + widenedClaims + "." + parts[2];
    try (Connection rogue = Nats.connect(nats.url())) {
      Headers headers = new Headers();
      headers.put(SwitchboardHeaders.IDENTITY, tampered);

      Message reply =
          rogue.request(
              NatsMessage.builder().subject(prefix + ".whoami").headers(headers).data("{}").build(),
              Duration.ofSeconds(3));

      assertEquals("401", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
    }
    assertEquals(1, handled.size());
  }

  // ---- helpers ----

  private Response query(String token) {
    Response response = bridge.client().queryAs(token, "{ whoami { subject } }");
    assertEquals(0, response.errors().size(), response.toString());
    return response;
  }

  private Identity onlyIdentity() {
    assertEquals(1, handled.size());
    return handled.get(0).identity().orElseThrow();
  }

  private static String envelopeOf(Request request) {
    return request
        .header(SwitchboardHeaders.IDENTITY)
        .orElseThrow(() -> new AssertionError("no identity header"));
  }

  private static Instant expiryOf(String envelope) throws Exception {
    return SignedJWT.parse(envelope).getJWTClaimsSet().getExpirationTime().toInstant();
  }

  /** An envelope in the right format, signed with a key that is not the bridge's. */
  private static String forgedEnvelope(String kid, String subject, List<String> roles)
      throws Exception {
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(IdentityEnvelope.DEFAULT_ISSUER)
            .audience(IdentityEnvelope.DEFAULT_AUDIENCE)
            .subject(subject)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300)))
            .claim(IdentityEnvelope.ROLES, roles)
            .claim(IdentityEnvelope.SCOPES, List.of())
            .claim(IdentityEnvelope.CLAIMS, Map.of())
            .claim(IdentityEnvelope.ANONYMOUS, false)
            .build();
    return TestIssuer.sign(
        new JWSHeader.Builder(IdentityEnvelope.ALGORITHM)
            .keyID(kid)
            .type(IdentityEnvelope.TYPE)
            .build(),
        claims,
        new ECDSASigner(other));
  }
}
