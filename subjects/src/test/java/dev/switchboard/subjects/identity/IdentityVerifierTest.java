package dev.switchboard.subjects.identity;

import static dev.switchboard.subjects.identity.TestEnvelopes.claims;
import static dev.switchboard.subjects.identity.TestEnvelopes.newKey;
import static dev.switchboard.subjects.identity.TestEnvelopes.publicSet;
import static dev.switchboard.subjects.identity.TestEnvelopes.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdentityVerifierTest {
  private static final ECKey BRIDGE_KEY = newKey("bridge-1");
  private static final JWKSet BRIDGE_KEYS = publicSet(BRIDGE_KEY);

  private final IdentityVerifier verifier = IdentityVerifier.builder().jwkSet(BRIDGE_KEYS).build();

  @Test
  void verify_validEnvelope_givesEveryField() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String envelope =
        sign(
            BRIDGE_KEY,
            claims().issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))));

    Identity identity = verifier.verify(envelope);

    assertEquals("alice", identity.subject());
    assertEquals(List.of("customer", "beta"), identity.roles());
    assertEquals(List.of("orders:read"), identity.scopes());
    assertEquals(Map.of("tenant", "acme", "plan", Map.of("tier", "gold")), identity.claims());
    assertFalse(identity.anonymous());
    assertEquals(now, identity.issuedAt());
    assertEquals(now.plusSeconds(300), identity.expiresAt());
    assertTrue(identity.hasRole("beta"));
    assertFalse(identity.hasRole("admin"));
    assertTrue(identity.hasScope("orders:read"));
    assertFalse(identity.hasScope("orders:write"));
    assertEquals("acme", identity.claim("tenant").orElseThrow());
    assertTrue(identity.claim("region").isEmpty());
  }

  @Test
  void verify_anonymousWithoutOptionalClaims_givesEmptyCollections() throws Exception {
    String envelope =
        sign(
            BRIDGE_KEY,
            claims()
                .subject("anonymous")
                .claim(IdentityEnvelope.ROLES, null)
                .claim(IdentityEnvelope.SCOPES, null)
                .claim(IdentityEnvelope.CLAIMS, null)
                .claim(IdentityEnvelope.ANONYMOUS, true));

    Identity identity = verifier.verify(envelope);

    assertTrue(identity.anonymous());
    assertEquals(List.of(), identity.roles());
    assertEquals(List.of(), identity.scopes());
    assertEquals(Map.of(), identity.claims());
  }

  @Test
  void verify_identity_isImmutableAllTheWayDown() throws Exception {
    Identity identity = verifier.verify(sign(BRIDGE_KEY, claims()));

    assertThrows(UnsupportedOperationException.class, () -> identity.roles().add("admin"));
    assertThrows(
        UnsupportedOperationException.class, () -> identity.claims().put("tenant", "evil"));
    @SuppressWarnings("unchecked")
    Map<String, Object> plan = (Map<String, Object>) identity.claim("plan").orElseThrow();
    assertThrows(UnsupportedOperationException.class, () -> plan.put("tier", "platinum"));
  }

  @Test
  void verify_audienceAmongSeveral_isAccepted() throws Exception {
    String envelope =
        sign(BRIDGE_KEY, claims().audience(List.of("billing", IdentityEnvelope.DEFAULT_AUDIENCE)));

    assertEquals("alice", verifier.verify(envelope).subject());
  }

  @Test
  void verify_customIssuerAndAudience_areHonoured() throws Exception {
    IdentityVerifier custom =
        IdentityVerifier.builder().jwkSet(BRIDGE_KEYS).issuer("edge-eu").audience("orders").build();
    String envelope = sign(BRIDGE_KEY, claims().issuer("edge-eu").audience("orders"));

    assertEquals("alice", custom.verify(envelope).subject());
    assertRejected(verifier, envelope, "claims rejected");
  }

  @Test
  void verify_expiredWithinSkew_isAccepted() throws Exception {
    String envelope = sign(BRIDGE_KEY, expiringAt(Instant.now().minusSeconds(10)));

    assertEquals("alice", verifier.verify(envelope).subject());
  }

  @Test
  void verify_expiredBeyondSkew_isRejected() {
    String envelope = sign(BRIDGE_KEY, expiringAt(Instant.now().minusSeconds(60)));

    assertRejected(verifier, envelope, "expired");
  }

  @Test
  void verify_expiredWithSkewZero_isRejected() {
    IdentityVerifier strict =
        IdentityVerifier.builder().jwkSet(BRIDGE_KEYS).clockSkew(Duration.ZERO).build();
    String envelope = sign(BRIDGE_KEY, expiringAt(Instant.now().minusSeconds(2)));

    assertRejected(strict, envelope, "expired");
  }

  @Test
  void verify_largerSkew_acceptsOlderExpiry() throws Exception {
    IdentityVerifier lenient =
        IdentityVerifier.builder().jwkSet(BRIDGE_KEYS).clockSkew(Duration.ofMinutes(2)).build();
    String envelope = sign(BRIDGE_KEY, expiringAt(Instant.now().minusSeconds(60)));

    assertEquals("alice", lenient.verify(envelope).subject());
  }

  @Test
  void verify_issuedInTheFuture_isAccepted() throws Exception {
    // The bridge's clock may run ahead; iat is informational, exp is what bounds the envelope.
    Instant later = Instant.now().plus(Duration.ofHours(1));
    String envelope =
        sign(
            BRIDGE_KEY,
            claims().issueTime(Date.from(later)).expirationTime(Date.from(later.plusSeconds(300))));

    assertEquals("alice", verifier.verify(envelope).subject());
  }

  @Test
  void verify_wrongIssuer_isRejected() {
    assertRejected(verifier, sign(BRIDGE_KEY, claims().issuer("https://idp.example.com")), "iss");
  }

  @Test
  void verify_issuerDifferingOnlyInCase_isRejected() {
    assertRejected(verifier, sign(BRIDGE_KEY, claims().issuer("Switchboard")), "iss");
  }

  @Test
  void verify_wrongAudience_isRejected() {
    assertRejected(verifier, sign(BRIDGE_KEY, claims().audience("billing")), "aud");
  }

  @Test
  void verify_missingAudience_isRejected() {
    assertRejected(verifier, sign(BRIDGE_KEY, claims().audience((String) null)), "aud");
  }

  @Test
  void verify_missingSubject_isRejected() {
    assertRejected(verifier, sign(BRIDGE_KEY, claims().subject(null)), "sub");
  }

  @Test
  void verify_emptySubject_isRejected() {
    assertRejected(verifier, sign(BRIDGE_KEY, claims().subject(" ")), "sub");
  }

  @Test
  void verify_missingExpiry_isRejected() {
    assertRejected(verifier, sign(BRIDGE_KEY, claims().expirationTime(null)), "exp");
  }

  @Test
  void verify_rolesNotAList_isRejectedAsMalformed() {
    assertRejected(
        verifier, sign(BRIDGE_KEY, claims().claim(IdentityEnvelope.ROLES, "admin")), "malformed");
  }

  @Test
  void verify_wrongType_isRejected() {
    assertRejected(verifier, signWithHeader(BRIDGE_KEY, header().type(JOSEObjectType.JWT)), "type");
  }

  @Test
  void verify_missingType_isRejected() {
    assertRejected(verifier, signWithHeader(BRIDGE_KEY, header().type(null)), "type");
  }

  @Test
  void verify_signedByAnotherKeyWithTheSameKid_isRejectedAsBadSignature() {
    ECKey forger = newKey(BRIDGE_KEY.getKeyID());

    assertRejected(verifier, sign(forger, claims()), "bad signature");
  }

  @Test
  void verify_payloadTampered_isRejectedAsBadSignature() {
    String genuine = sign(BRIDGE_KEY, claims());
    String[] parts = genuine.split("\\.");
    String admin =
        sign(newKey("x"), claims().claim(IdentityEnvelope.ROLES, List.of("admin"))).split("\\.")[1];

    assertRejected(verifier, parts[0] + "." + admin + "." + parts[2], "bad signature");
  }

  @Test
  void verify_unknownKid_isRejected() {
    assertRejected(
        verifier, sign(newKey("not-published"), claims()), "unknown key: kid \"not-published\"");
  }

  @Test
  void verify_withoutKid_matchesByKeyType() throws Exception {
    // Not what the bridge sends, but a kid is only a hint: the signature still decides.
    String envelope =
        TestEnvelopes.sign(
            header().keyID(null).build(), new ECDSASigner(BRIDGE_KEY), claims().build());

    assertEquals("alice", verifier.verify(envelope).subject());
  }

  @Test
  void verify_algNone_isRefused() {
    String unsigned =
        new PlainJWT(
                new PlainHeader.Builder().type(IdentityEnvelope.TYPE).build(), claims().build())
            .serialize();

    assertRejected(verifier, unsigned, "algorithm none refused");
  }

  @Test
  void verify_hs256WithThePublicKeyAsSecret_isRefused() throws Exception {
    // The classic key-confusion attack: HMAC "signed" with the verifier's own public key bytes.
    byte[] publicKeyBytes = BRIDGE_KEY.toECPublicKey().getEncoded();
    JWSHeader hs256 =
        new JWSHeader.Builder(JWSAlgorithm.HS256)
            .keyID(BRIDGE_KEY.getKeyID())
            .type(IdentityEnvelope.TYPE)
            .build();

    assertRejected(
        verifier,
        TestEnvelopes.sign(hs256, new MACSigner(publicKeyBytes), claims().build()),
        "algorithm HS256 refused");
  }

  @Test
  void verify_rs256_isRefusedEvenWhenItsKeyIsPublished() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    IdentityVerifier withRsaKey =
        IdentityVerifier.builder().jwkSet(publicSet(BRIDGE_KEY, rsa)).build();
    JWSHeader rs256 =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID("rsa-1")
            .type(IdentityEnvelope.TYPE)
            .build();

    assertRejected(
        withRsaKey,
        TestEnvelopes.sign(rs256, new RSASSASigner(rsa), claims().build()),
        "algorithm RS256 refused");
  }

  @Test
  void verify_es384_isRefused() throws Exception {
    ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384").generate();
    JWSHeader es384 =
        new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("p384").type(IdentityEnvelope.TYPE).build();

    assertRejected(
        verifier,
        TestEnvelopes.sign(es384, new ECDSASigner(p384), claims().build()),
        "algorithm ES384 refused");
  }

  @Test
  void verify_garbage_isRejectedAsMalformed() {
    for (String garbage :
        List.of(
            "abc",
            "a.b.c",
            "....",
            "eyJhbGciOiJFUzI1NiJ9",
            "eyJ.eyJ.sig",
            "\u00e9\u00e9.\u00e9.\u00e9",
            "Bearer " + sign(BRIDGE_KEY, claims()))) {
      assertRejected(verifier, garbage, "malformed");
    }
  }

  @Test
  void verify_nullOrBlank_isRejected() {
    assertRejected(verifier, null, "no identity envelope");
    assertRejected(verifier, "", "no identity envelope");
    assertRejected(verifier, "  ", "no identity envelope");
  }

  @Test
  void verify_sameEnvelopeTwice_secondIsACacheHit() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    IdentityVerifier counting = IdentityVerifier.builder().keySource(counting(lookups)).build();
    String envelope = sign(BRIDGE_KEY, claims());

    Identity first = counting.verify(envelope);
    Identity second = counting.verify(envelope);

    assertSame(first, second);
    assertEquals(1, lookups.get(), "the second verification looked up no key");
  }

  @Test
  void verify_cacheSizeZero_verifiesEveryTime() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    IdentityVerifier uncached =
        IdentityVerifier.builder().keySource(counting(lookups)).cacheSize(0).build();
    String envelope = sign(BRIDGE_KEY, claims());

    Identity first = uncached.verify(envelope);
    Identity second = uncached.verify(envelope);

    assertNotSame(first, second);
    assertEquals(first, second);
    assertEquals(2, lookups.get());
  }

  @Test
  void verify_rejectedEnvelope_isNeverCached() {
    AtomicInteger lookups = new AtomicInteger();
    IdentityVerifier counting = IdentityVerifier.builder().keySource(counting(lookups)).build();
    String forged = sign(newKey(BRIDGE_KEY.getKeyID()), claims());

    assertRejected(counting, forged, "bad signature");
    assertRejected(counting, forged, "bad signature");
    assertEquals(2, lookups.get());
  }

  @Test
  void verify_cachedButExpiredSinceBeyondSkew_isRejected() throws Exception {
    // Skew 0 and an envelope expiring in a moment: cached first, then past its expiry.
    IdentityVerifier strict =
        IdentityVerifier.builder().jwkSet(BRIDGE_KEYS).clockSkew(Duration.ZERO).build();
    Instant soon = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    String envelope = sign(BRIDGE_KEY, expiringAt(soon));
    strict.verify(envelope);

    Thread.sleep(Duration.between(Instant.now(), soon).toMillis() + 50);

    assertRejected(strict, envelope, "expired");
  }

  @Test
  void builder_withoutKeySource_refuses() {
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> IdentityVerifier.builder().build());

    assertEquals("no key source: call jwkSet, jwksUrl or natsJwks", refused.getMessage());
  }

  @Test
  void builder_twoKeySources_refuses() {
    assertThrows(
        IllegalStateException.class,
        () -> IdentityVerifier.builder().jwkSet(BRIDGE_KEYS).jwkSet(BRIDGE_KEYS));
  }

  @Test
  void builder_negativeSkewOrCacheSize_refuses() {
    assertThrows(
        IllegalArgumentException.class,
        () -> IdentityVerifier.builder().clockSkew(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> IdentityVerifier.builder().cacheSize(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> IdentityVerifier.builder().jwksTimeout(Duration.ZERO));
  }

  @Test
  void jwkSet_withPrivateKeys_keepsOnlyPublicHalves() throws Exception {
    // Handing the verifier the full key pair by mistake must not matter.
    IdentityVerifier fromPrivate =
        IdentityVerifier.builder().jwkSet(new JWKSet(BRIDGE_KEY)).build();

    assertEquals("alice", fromPrivate.verify(sign(BRIDGE_KEY, claims())).subject());
  }

  // ---- helpers ----

  private static JWTClaimsSet.Builder expiringAt(Instant expiry) {
    return claims()
        .issueTime(Date.from(expiry.minusSeconds(300)))
        .expirationTime(Date.from(expiry));
  }

  private static JWSHeader.Builder header() {
    return new JWSHeader.Builder(IdentityEnvelope.ALGORITHM)
        .keyID(BRIDGE_KEY.getKeyID())
        .type(IdentityEnvelope.TYPE);
  }

  private static String signWithHeader(ECKey key, JWSHeader.Builder header) {
    try {
      return TestEnvelopes.sign(header.build(), new ECDSASigner(key), claims().build());
    } catch (JOSEException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static JWKSource<SecurityContext> counting(AtomicInteger lookups) {
    JWKSource<SecurityContext> keys = new ImmutableJWKSet<>(BRIDGE_KEYS);
    return (selector, context) -> {
      lookups.incrementAndGet();
      return keys.get(selector, context);
    };
  }

  private static void assertRejected(IdentityVerifier verifier, String envelope, String reason) {
    IdentityException rejected =
        assertThrows(
            IdentityException.class,
            () -> verifier.verify(envelope),
            () -> "expected a rejection mentioning '" + reason + "'");
    assertTrue(
        rejected.getMessage().contains(reason),
        () -> "expected '" + reason + "' in: " + rejected.getMessage());
  }
}
