package dev.switchboard.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.bridge.config.AuthConfig;
import dev.switchboard.bridge.testing.TestIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Token validation against a JWK set file: what a good token yields, and how a bad one is
 * described.
 */
class TokenValidatorTest {
  @TempDir static Path dir;
  static TestIssuer issuer;

  @BeforeAll
  static void keys() {
    issuer = TestIssuer.create(dir);
  }

  private static AuthConfig config(String rolesClaim, String scopesClaim, String tokenType) {
    return config(rolesClaim, scopesClaim, tokenType, null);
  }

  private static AuthConfig config(
      String rolesClaim, String scopesClaim, String tokenType, Duration maxTokenLifetime) {
    return new AuthConfig(
        TestIssuer.ISSUER,
        List.of(TestIssuer.AUDIENCE),
        null,
        issuer.jwksFile().toString(),
        null,
        Duration.ofSeconds(30),
        tokenType,
        rolesClaim,
        scopesClaim,
        null,
        null,
        null,
        maxTokenLifetime);
  }

  private static TokenValidator validator() throws Exception {
    return new TokenValidator(config(null, null, null));
  }

  /** The description a bad token gets, checked to be short and free of the token. */
  private static String refusal(TokenValidator validator, String token) {
    AuthenticationException refused =
        assertThrows(AuthenticationException.class, () -> validator.validate(token));
    String description = refused.getMessage();
    assertEquals(401, refused.status());
    assertEquals("invalid_token", refused.bearerError());
    assertTrue(description.length() <= 80, "too long: " + description);
    for (String part : token.split("\\.")) {
      if (part.length() >= 8) {
        assertFalse(description.contains(part), "the description echoes the token: " + description);
        assertFalse(
            refused.challenge().contains(part),
            "the challenge echoes the token: " + refused.challenge());
      }
    }
    return description;
  }

  private static String token(Consumer<JWTClaimsSet.Builder> claims) {
    return issuer.token(claims);
  }

  // --- what a valid token gives ----------------------------------------------------------------

  @Test
  void validate_validToken_givesTheSubjectExpiryClaimsAndToken() throws Exception {
    Instant expires = Instant.now().plusSeconds(600);
    String token =
        token(
            claims ->
                claims.subject("bob").expirationTime(Date.from(expires)).claim("tenant", "acme"));

    Caller caller = validator().validate(token);

    assertEquals("bob", caller.subject());
    assertFalse(caller.isAnonymous());
    assertEquals(expires.getEpochSecond(), caller.expiresAt().getEpochSecond());
    assertEquals("acme", caller.claims().get("tenant"));
    assertEquals(token, caller.token());
  }

  @Test
  void validate_rolesFromANestedClaimPath() throws Exception {
    TokenValidator validator = new TokenValidator(config("realm_access.roles", null, null));
    String token =
        token(
            claims ->
                claims
                    .claim("realm_access", Map.of("roles", List.of("admin", "customer")))
                    .claim("roles", List.of("not-these")));

    assertEquals(List.of("admin", "customer"), validator.validate(token).roles());
  }

  @Test
  void validate_rolesFromTheDefaultClaim_spaceSeparated() throws Exception {
    assertEquals(
        List.of("admin", "customer"),
        validator().validate(token(claims -> claims.claim("roles", "admin customer"))).roles());
  }

  @Test
  void validate_noRolesClaim_givesNoRoles() throws Exception {
    assertEquals(List.of(), validator().validate(token(claims -> {})).roles());
  }

  @Test
  void validate_scopesFromTheScopeString() throws Exception {
    Caller caller =
        validator().validate(token(claims -> claims.claim("scope", "orders:read orders:write")));

    assertEquals(Set.of("orders:read", "orders:write"), caller.scopes());
  }

  @Test
  void validate_scopesFromTheScpArray_whenThereIsNoScopeClaim() throws Exception {
    Caller caller =
        validator()
            .validate(token(claims -> claims.claim("scp", List.of("orders:read", "profile"))));

    assertEquals(Set.of("orders:read", "profile"), caller.scopes());
  }

  @Test
  void validate_scopeString_winsOverScp() throws Exception {
    Caller caller =
        validator()
            .validate(
                token(
                    claims -> claims.claim("scope", "orders:read").claim("scp", List.of("admin"))));

    assertEquals(Set.of("orders:read"), caller.scopes());
  }

  @Test
  void validate_scopesFromAConfiguredNestedClaim() throws Exception {
    TokenValidator validator = new TokenValidator(config(null, "authz.permissions", null));

    Caller caller =
        validator.validate(
            token(claims -> claims.claim("authz", Map.of("permissions", List.of("p1")))));

    assertEquals(Set.of("p1"), caller.scopes());
  }

  @Test
  void validate_accessTokenType_isAcceptedWithoutConfiguration() throws Exception {
    String token =
        TestIssuer.sign(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("rsa-1")
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            TestIssuer.validClaims().build(),
            issuer.rsaSigner());

    assertEquals("alice", validator().validate(token).subject());
  }

  // --- how failures are described ---------------------------------------------------------------

  @Test
  void validate_expired_saysExpired() throws Exception {
    String description =
        refusal(
            validator(),
            token(claims -> claims.expirationTime(Date.from(Instant.now().minusSeconds(3600)))));

    assertEquals("The token has expired.", description);
  }

  @Test
  void validate_notYetValid_saysSo() throws Exception {
    String description =
        refusal(
            validator(),
            token(claims -> claims.notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))));

    assertEquals("The token is not valid yet.", description);
  }

  @Test
  void validate_wrongIssuer_namesTheIssuer_notTheAttackersValue() throws Exception {
    String description =
        refusal(validator(), token(claims -> claims.issuer("https://evil.example/realms/x")));

    assertTrue(description.toLowerCase().contains("issuer"), description);
    assertFalse(description.contains("evil"), description);
  }

  @Test
  void validate_wrongAudience_namesTheAudience() throws Exception {
    String description = refusal(validator(), token(claims -> claims.audience("another-api")));

    assertTrue(description.contains("audience"), description);
    assertFalse(description.contains("another-api"), description);
  }

  @Test
  void validate_missingAudience_namesTheAudience() throws Exception {
    assertTrue(
        refusal(validator(), token(claims -> claims.audience((String) null))).contains("audience"));
  }

  @Test
  void validate_missingSubject_namesTheRequiredClaims() throws Exception {
    assertTrue(
        refusal(validator(), token(claims -> claims.subject(null))).contains("required claims"));
  }

  @Test
  void validate_emptyOrBlankSubject_namesTheRequiredClaims() throws Exception {
    assertTrue(
        refusal(validator(), token(claims -> claims.subject(""))).contains("required claims"));
    assertTrue(
        refusal(validator(), token(claims -> claims.subject(" \t"))).contains("required claims"));
  }

  @Test
  void validate_missingExpiry_namesTheRequiredClaims() throws Exception {
    assertTrue(
        refusal(validator(), token(claims -> claims.expirationTime(null)))
            .contains("required claims"));
  }

  @Test
  void validate_garbage_isNotWellFormed() throws Exception {
    assertEquals(
        "The token is not a well-formed JWT.", refusal(validator(), "not.a.jwt-at-all-really"));
  }

  @Test
  void validate_unknownKey_isTheSignatureOrAlgorithm() throws Exception {
    String token =
        TestIssuer.sign(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-9").build(),
            TestIssuer.validClaims().build(),
            issuer.rsaSigner());

    assertEquals(
        "The token's signature or algorithm is not accepted.", refusal(validator(), token));
  }

  @Test
  void validate_wrongType_whenATypeIsRequired_saysTheType() throws Exception {
    TokenValidator validator = new TokenValidator(config(null, null, "at+jwt"));

    assertEquals("The token has the wrong type.", refusal(validator, token(claims -> {})));
  }

  @Test
  void validate_refusal_carriesAChallengeWithTheDescription() throws Exception {
    AuthenticationException refused =
        assertThrows(
            AuthenticationException.class,
            () -> validator().validate(token(claims -> claims.audience("another-api"))));

    assertEquals(
        "Bearer realm=\"switchboard\", error=\"invalid_token\", error_description=\""
            + refused.getMessage()
            + "\"",
        refused.challenge());
  }

  // --- issue time and lifetime ------------------------------------------------------------------

  private static Date fromNow(Duration offset) {
    return Date.from(Instant.now().plus(offset));
  }

  /** Just beyond the default 30 s clock skew, and far beyond it. */
  @ParameterizedTest
  @ValueSource(strings = {"PT45S", "P1D"})
  void validate_issuedInTheFutureBeyondTheSkew_isRefused(Duration ahead) throws Exception {
    String description = refusal(validator(), token(claims -> claims.issueTime(fromNow(ahead))));

    assertEquals("The token's issue time (iat) is in the future.", description);
  }

  @Test
  void validate_issuedInTheFutureWithinTheSkew_isAccepted() throws Exception {
    String token = token(claims -> claims.issueTime(fromNow(Duration.ofSeconds(20))));

    assertEquals("alice", validator().validate(token).subject());
  }

  @Test
  void validate_lifetimeOverTheDefault24Hours_isRefused() throws Exception {
    String description =
        refusal(validator(), token(claims -> claims.expirationTime(fromNow(Duration.ofHours(25)))));

    assertEquals("The token lives longer than the 24h this API accepts.", description);
  }

  @Test
  void validate_lifetimeOfExactly24Hours_isAccepted() throws Exception {
    Instant issued = Instant.now();
    String token =
        token(
            claims ->
                claims
                    .issueTime(Date.from(issued))
                    .expirationTime(Date.from(issued.plus(Duration.ofHours(24)))));

    assertEquals("alice", validator().validate(token).subject());
  }

  @Test
  void validate_issuedLongAgo_countsFromTheIssueTime_notFromNow() throws Exception {
    String token =
        token(
            claims ->
                claims
                    .issueTime(fromNow(Duration.ofDays(-2)))
                    .expirationTime(fromNow(Duration.ofHours(1))));

    assertEquals(
        "The token lives longer than the 24h this API accepts.", refusal(validator(), token));
  }

  @Test
  void validate_withoutIssueTime_expiringBeyondTheLimit_isRefused() throws Exception {
    String token =
        token(claims -> claims.issueTime(null).expirationTime(fromNow(Duration.ofHours(25))));

    assertEquals(
        "The token expires later than the 24h this API accepts.", refusal(validator(), token));
  }

  @Test
  void validate_withoutIssueTime_expiringWithinTheLimit_isAccepted() throws Exception {
    String token =
        token(claims -> claims.issueTime(null).expirationTime(fromNow(Duration.ofHours(23))));

    assertEquals("alice", validator().validate(token).subject());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void validate_expiring30000YearsAhead_isRefused_withoutOverflow(boolean withIssueTime)
      throws Exception {
    Date farAway = fromNow(Duration.ofDays(365L * 30_000));
    String token =
        token(
            claims -> {
              claims.expirationTime(farAway);
              if (!withIssueTime) {
                claims.issueTime(null);
              }
            });

    assertTrue(
        refusal(validator(), token).endsWith("than the 24h this API accepts."),
        "refused for its lifetime, not described as something else");
  }

  @Test
  void validate_configuredLifetime_isTheLimitAndIsNamed() throws Exception {
    TokenValidator oneHour = new TokenValidator(config(null, null, null, Duration.ofMinutes(90)));

    assertEquals(
        "The token lives longer than the 90m this API accepts.",
        refusal(oneHour, token(claims -> claims.expirationTime(fromNow(Duration.ofHours(2))))));
    assertEquals("alice", oneHour.validate(token(claims -> {})).subject());
  }

  @Test
  void validate_expiredAndTooLong_saysExpired() throws Exception {
    String token =
        token(
            claims ->
                claims
                    .issueTime(fromNow(Duration.ofDays(-30)))
                    .expirationTime(fromNow(Duration.ofDays(-1))));

    assertEquals("The token has expired.", refusal(validator(), token));
  }

  @Test
  void anonymousCaller_hasTheRole_andNoTokenOrExpiry() {
    Caller anonymous = Caller.anonymous("guest");

    assertTrue(anonymous.isAnonymous());
    assertEquals(List.of("guest"), anonymous.roles());
    assertNull(anonymous.token());
    assertNull(anonymous.expiresAt());
  }
}
