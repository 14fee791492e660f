package dev.switchboard.bridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.config.IdentityConfig;
import dev.switchboard.bridge.identity.TestKeys.MovingClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing with the active key, publishing the others, and reloading them safely. */
class IdentitySignerTest {
  static final Duration TTL = Duration.ofMinutes(5);
  @TempDir Path dir;
  TestKeys keys;
  MovingClock clock;
  Path first;
  Path second;

  @BeforeEach
  void keys() throws Exception {
    keys = new TestKeys(dir);
    clock = new MovingClock();
    first = keys.file("first");
    second = keys.file("second");
  }

  private IdentitySigner signer(IdentityConfig config) throws IOException {
    return IdentitySigner.create(config, clock);
  }

  private static List<String> kids(IdentitySigner signer) throws Exception {
    return JWKSet.parse(signer.publicJwks()).getKeys().stream().map(JWK::getKeyID).toList();
  }

  /** The kid of the envelope, after checking its signature against the published set. */
  private static String signedBy(IdentitySigner signer, String envelope) throws Exception {
    SignedJWT jws = SignedJWT.parse(envelope);
    String kid = jws.getHeader().getKeyID();
    ECKey key = JWKSet.parse(signer.publicJwks()).getKeyByKeyId(kid).toECKey();
    assertTrue(jws.verify(new ECDSAVerifier(key)), "signature of " + kid);
    return kid;
  }

  @Test
  void create_activeAndPublished_signsWithActiveAndListsBoth() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first, second));

    assertEquals(List.of("first", "second"), kids(signer));
    assertEquals("first", signedBy(signer, signer.envelopeFor(Caller.anonymous("visitor"))));
  }

  @Test
  void publicJwks_privatePublishedKey_showsNoPrivatePart() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first, second));

    assertFalse(signer.publicJwks().contains("\"d\""), signer.publicJwks());
  }

  @Test
  void reload_swapActiveAndPublished_signsWithTheNewKeyAtOnce() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first, second));
    Caller caller = Caller.anonymous("visitor");
    String before = signer.envelopeFor(caller);

    signer.reload(TestKeys.config(TTL, second, first));
    String after = signer.envelopeFor(caller);

    assertEquals("first", signedBy(signer, before));
    assertNotEquals(before, after, "the cached envelope of the old key is not reused");
    assertEquals("second", signedBy(signer, after));
  }

  @Test
  void reload_formerKeyRemoved_staysListedForTtlPlusSkewThenDropsOut() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first));
    signer.envelopeFor(Caller.anonymous("visitor"));

    signer.reload(TestKeys.config(TTL, second));
    assertEquals(List.of("second", "first"), kids(signer));

    clock.advance(TTL.plus(IdentitySigner.SKEW_ALLOWANCE).minusSeconds(1));
    assertEquals(List.of("second", "first"), kids(signer));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of("second"), kids(signer));
  }

  @Test
  void reload_shorterTtl_keepsFormerKeyForTheLongerOne() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first));

    signer.reload(TestKeys.config(Duration.ofMinutes(1), second));
    clock.advance(TTL);

    assertEquals(List.of("second", "first"), kids(signer), "envelopes of the old ttl live on");
  }

  @Test
  void reload_unreadableFile_throwsNamingKeyAndFile_andKeepsTheKeys() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first, second));

    IOException refused =
        assertThrows(
            IOException.class,
            () -> signer.reload(TestKeys.config(TTL, second, dir.resolve("gone.json"))));

    assertEquals(
        "identity.publishedKeyFiles[0]: cannot read "
            + dir.resolve("gone.json")
            + " (NoSuchFileException)",
        refused.getMessage());
    assertEquals(List.of("first", "second"), kids(signer));
    assertEquals("first", signedBy(signer, signer.envelopeFor(Caller.anonymous("visitor"))));
  }

  @Test
  void reload_notAJwk_isRefusedWithoutQuotingTheFile() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first));
    Path broken = keys.write("broken.json", "{\"kty\":\"EC\",\"d\":\"SECRET-MATERIAL\"");

    IOException refused =
        assertThrows(IOException.class, () -> signer.reload(TestKeys.config(TTL, broken)));

    assertTrue(
        refused.getMessage().startsWith("identity.signingKeyFile: " + broken),
        refused.getMessage());
    assertFalse(refused.getMessage().contains("SECRET"), refused.getMessage());
  }

  @Test
  void reload_twoKeysWithOneKid_isRefusedNamingBoth() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first));
    Path sameKid = keys.write("same-kid.json", TestKeys.key("first").toPublicJWK().toJSONString());

    IOException refused =
        assertThrows(IOException.class, () -> signer.reload(TestKeys.config(TTL, first, sameKid)));

    assertEquals(
        "identity.publishedKeyFiles[0]: "
            + sameKid
            + " has kid \"first\", already used by identity.signingKeyFile ("
            + first
            + "); every key needs its own kid",
        refused.getMessage());
  }

  @Test
  void reload_publishedFileIsTheSigningFile_isRefused() throws Exception {
    IdentitySigner signer = signer(TestKeys.config(TTL, first));

    IOException refused =
        assertThrows(IOException.class, () -> signer.reload(TestKeys.config(TTL, first, first)));

    assertTrue(refused.getMessage().contains("is the signing key file"), refused.getMessage());
  }

  @Test
  void create_rsaOrP384Key_isRefusedNamingTheCurve() throws Exception {
    Path rsa =
        keys.write("rsa.json", new RSAKeyGenerator(2048).keyID("r").generate().toJSONString());
    Path p384 =
        keys.write(
            "p384.json", new ECKeyGenerator(Curve.P_384).keyID("p").generate().toJSONString());

    IOException rsaRefused =
        assertThrows(IOException.class, () -> signer(TestKeys.config(TTL, first, rsa)));
    IOException p384Refused =
        assertThrows(IOException.class, () -> signer(TestKeys.config(TTL, p384)));

    assertTrue(
        rsaRefused
            .getMessage()
            .startsWith("identity.publishedKeyFiles[0]: " + rsa + " must hold an EC P-256 JWK"),
        rsaRefused.getMessage());
    assertTrue(p384Refused.getMessage().endsWith("not EC P-384"), p384Refused.getMessage());
  }

  @Test
  void create_publicKeyAsSigningKey_isRefused() throws Exception {
    Path publicOnly = keys.write("public.json", TestKeys.key("pub").toPublicJWK().toJSONString());

    IOException refused =
        assertThrows(IOException.class, () -> signer(TestKeys.config(TTL, publicOnly)));

    assertTrue(refused.getMessage().contains("holds a public key"), refused.getMessage());
  }

  @Test
  void reload_keyFileWithoutKid_isNamedByItsThumbprint() throws Exception {
    ECKey noKid = new ECKeyGenerator(Curve.P_256).generate();
    Path file = keys.write("nokid.json", noKid.toPublicJWK().toJSONString());
    IdentitySigner signer = signer(TestKeys.config(TTL, first));

    signer.reload(TestKeys.config(TTL, first, file));

    assertEquals(List.of("first", noKid.computeThumbprint().toString()), kids(signer));
  }
}
