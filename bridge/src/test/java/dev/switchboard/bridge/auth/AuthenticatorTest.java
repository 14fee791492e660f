package dev.switchboard.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.AuthConfig;
import dev.switchboard.bridge.testing.JwksServer;
import dev.switchboard.bridge.testing.TestIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class AuthenticatorTest {
  @TempDir static Path dir;
  static TestIssuer issuer;
  Authenticator authenticator;

  @BeforeAll
  static void keys() {
    issuer = TestIssuer.create(dir);
  }

  @AfterEach
  void close() {
    if (authenticator != null) {
      authenticator.close();
    }
  }

  private static AuthConfig withFile(boolean anonymous, Duration skew) {
    return new AuthConfig(
        TestIssuer.ISSUER,
        List.of(TestIssuer.AUDIENCE),
        null,
        issuer.jwksFile().toString(),
        null,
        skew,
        null,
        null,
        null,
        new AuthConfig.Anonymous(anonymous, "guest"),
        null,
        null,
        null);
  }

  /** A config that accepts tokens living up to {@code maxTokenLifetime}. */
  private static AuthConfig withLifetime(Duration maxTokenLifetime) {
    AuthConfig base = withFile(false, null);
    return new AuthConfig(
        base.issuer(),
        base.audiences(),
        base.jwksUrl(),
        base.jwksFile(),
        base.algorithms(),
        base.clockSkew(),
        base.tokenType(),
        base.rolesClaim(),
        base.scopesClaim(),
        base.anonymous(),
        base.jwks(),
        base.tokenCache(),
        maxTokenLifetime);
  }

  private Authenticator authenticator(AuthConfig config) throws Exception {
    authenticator = Authenticator.create(config);
    return authenticator;
  }

  /** An already-completed stage's value: proves no validation was queued. */
  private static <T> T completedValue(CompletionStage<T> stage) {
    CompletableFuture<T> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "expected an already-completed stage");
    return future.join();
  }

  private static AuthenticationException completedFailure(CompletionStage<?> stage) {
    CompletableFuture<?> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "expected an already-completed stage");
    return failureOf(future);
  }

  private static AuthenticationException failureOf(CompletionStage<?> stage) {
    ExecutionException failed =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return assertInstanceOf(AuthenticationException.class, failed.getCause());
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  // --- auth off, no token, wrong scheme
  // ------------------------------------------------------------

  @Test
  void authenticate_authDisabled_isAnonymousWhateverIsSent() throws Exception {
    Authenticator open =
        authenticator(
            new AuthConfig(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new AuthConfig.Anonymous(null, "visitor"),
                null,
                null,
                null));

    assertFalse(open.enabled());
    Caller caller = completedValue(open.authenticate("Bearer anything"));
    assertTrue(caller.isAnonymous());
    assertEquals(List.of("visitor"), caller.roles());
    assertTrue(completedValue(open.authenticate(null)).isAnonymous());
  }

  @Test
  void authenticate_missingHeader_withoutAnonymous_is401WithoutABearerError() throws Exception {
    Authenticator strict = authenticator(withFile(false, null));

    for (String missing : new String[] {null, "", "   "}) {
      AuthenticationException refused = completedFailure(strict.authenticate(missing));
      assertEquals(401, refused.status());
      assertNull(refused.bearerError());
      assertEquals("Bearer realm=\"switchboard\"", refused.challenge());
    }
  }

  @Test
  void authenticate_missingHeader_withAnonymous_isTheAnonymousRole() throws Exception {
    Authenticator open = authenticator(withFile(true, null));

    Caller caller = completedValue(open.authenticate(null));

    assertTrue(caller.isAnonymous());
    assertEquals(List.of("guest"), caller.roles());
    assertSame(open.anonymousCaller(), caller);
  }

  @Test
  void authenticate_badToken_withAnonymous_isStillRefused() throws Exception {
    Authenticator open = authenticator(withFile(true, null));

    AuthenticationException refused = failureOf(open.authenticate("Bearer not-a-token"));

    assertEquals(401, refused.status());
    assertEquals("invalid_token", refused.bearerError());
  }

  @Test
  void authenticate_nonBearerScheme_isInvalidToken_rightAway() throws Exception {
    Authenticator strict = authenticator(withFile(false, null));

    for (String header :
        new String[] {"Basic YWxpY2U6c2VjcmV0", "Token abc", "Bearer", issuer.token(c -> {})}) {
      AuthenticationException refused = completedFailure(strict.authenticate(header));
      assertEquals(401, refused.status(), header);
      assertEquals("invalid_token", refused.bearerError(), header);
    }
  }

  @Test
  void authenticate_overLongHeader_isRefusedRightAway() throws Exception {
    Authenticator strict = authenticator(withFile(false, null));

    AuthenticationException refused =
        completedFailure(strict.authenticate("Bearer " + "a".repeat(17 * 1024)));

    assertEquals("invalid_token", refused.bearerError());
  }

  @Test
  void authenticate_bearerSchemeIsCaseInsensitive() throws Exception {
    Authenticator strict = authenticator(withFile(false, null));

    assertEquals("alice", await(strict.authenticate("bEaReR " + issuer.token(c -> {}))).subject());
  }

  // --- caching
  // --------------------------------------------------------------------------------------

  @Test
  void authenticate_sameValidTokenAgain_completesImmediately_withTheSameCaller() throws Exception {
    Authenticator strict = authenticator(withFile(false, null));
    String header = "Bearer " + issuer.token(c -> {});

    Caller first = await(strict.authenticate(header));
    Caller second = completedValue(strict.authenticate(header));

    assertSame(first, second, "the cached caller (and its per-caller caches) is reused");
  }

  @Test
  void authenticate_tokenExpiringCenturiesAhead_isRefusedByDefault() throws Exception {
    Authenticator strict = authenticator(withFile(false, null));
    String header =
        "Bearer "
            + issuer.token(c -> c.expirationTime(Date.from(Instant.parse("3000-01-01T00:00:00Z"))));

    AuthenticationException refused = failureOf(strict.authenticate(header));

    assertEquals("The token lives longer than the 24h this API accepts.", refused.getMessage());
  }

  @Test
  void authenticate_tokenExpiringCenturiesAhead_whenTheLifetimeAllowsIt_isAnswered_andCached()
      throws Exception {
    // The cache's expiry must not overflow for an operator who allows such tokens.
    Authenticator strict = authenticator(withLifetime(Duration.ofDays(365L * 2_000)));
    String header =
        "Bearer "
            + issuer.token(c -> c.expirationTime(Date.from(Instant.parse("3000-01-01T00:00:00Z"))));

    Caller first = await(strict.authenticate(header));

    assertSame(first, completedValue(strict.authenticate(header)));
  }

  @Test
  void authenticate_rejectedToken_isRemembered() throws Exception {
    Authenticator strict = authenticator(withFile(false, null));
    String header = "Bearer " + issuer.token(c -> c.issuer("https://evil.test"));

    AuthenticationException first = failureOf(strict.authenticate(header));
    AuthenticationException second = completedFailure(strict.authenticate(header));

    assertSame(first, second, "answered from the remembered refusal, not validated again");
  }

  @Test
  void authenticate_cachedTokenPastItsExpiry_isRefused() throws Exception {
    Authenticator strict = authenticator(withFile(false, Duration.ZERO));
    Instant expires = Instant.now().plusSeconds(2);
    String header = "Bearer " + issuer.token(c -> c.expirationTime(Date.from(expires)));
    await(strict.authenticate(header));

    Thread.sleep(Duration.between(Instant.now(), expires).toMillis() + 1200);

    AuthenticationException refused = failureOf(strict.authenticate(header));
    assertEquals("The token has expired.", refused.getMessage());
  }

  @Test
  void authenticate_rejectionWithAJwksUrl_isRememberedNoLongerThanTheRefetchInterval()
      throws Exception {
    try (JwksServer jwks = new JwksServer(issuer.publicJwks())) {
      Authenticator fetching =
          authenticator(
              new AuthConfig(
                  TestIssuer.ISSUER,
                  List.of(TestIssuer.AUDIENCE),
                  jwks.url(),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  new AuthConfig.Jwks(null, null, Duration.ofMillis(300), null, null),
                  null,
                  null));
      String header = "Bearer " + issuer.token(c -> c.issuer("https://evil.test"));
      AuthenticationException first = failureOf(fetching.authenticate(header));
      assertSame(first, completedFailure(fetching.authenticate(header)));

      Thread.sleep(600);

      assertNotSame(
          first,
          failureOf(fetching.authenticate(header)),
          "validated again after the refetch interval");
    }
  }

  @Test
  void authenticate_afterClose_isKeysUnavailable() throws Exception {
    Authenticator strict = authenticator(withFile(false, null));
    strict.close();

    AuthenticationException refused =
        failureOf(strict.authenticate("Bearer " + issuer.token(c -> {})));

    assertEquals(503, refused.status());
  }
}
