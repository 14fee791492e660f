package dev.switchboard.bridge.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.switchboard.bridge.config.AuthConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns an {@code Authorization} header into a {@link Caller}. Validated tokens are cached until
 * they expire, so validation (and any key fetch) stays off the hot path; rejected tokens are
 * remembered briefly so a client repeating a bad token costs nothing. Validation that may block
 * runs on its own small pool, never on an event loop.
 */
public final class Authenticator implements AutoCloseable {
  private static final String BEARER = "bearer ";

  /** Longer headers are not tokens we would accept; refusing early bounds the work per request. */
  private static final int LONGEST_TOKEN = 16 * 1024;

  private static final Duration REMEMBER_REJECTED = Duration.ofSeconds(30);

  private final AuthConfig config;
  private final TokenValidator validator;
  private final Caller anonymous;
  private final Cache<String, Object> tokens;
  private final ExecutorService validating;

  /**
   * Fix: a refusal may only mean the issuer's new key was not fetched yet (rotation). It used to be
   * remembered for 30 s whatever auth.jwks.minRefetchInterval said, so a token refused just before
   * a rotation stayed refused long after the new key could have been fetched.
   */
  private final Duration rememberRejected;

  private Authenticator(AuthConfig config, TokenValidator validator) {
    this.config = config;
    this.validator = validator;
    this.anonymous = Caller.anonymous(config.anonymous().role());
    Duration refetch = config.jwks().minRefetchInterval();
    this.rememberRejected =
        config.jwksUrl() != null && refetch.compareTo(REMEMBER_REJECTED) < 0
            ? refetch
            : REMEMBER_REJECTED;
    this.tokens =
        Caffeine.newBuilder()
            .maximumSize(config.tokenCache())
            .expireAfter(new UntilTokenExpiry(rememberRejected))
            .build();
    this.validating =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "switchboard-auth");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** An authenticator for the config; when auth is off, everyone is the anonymous caller. */
  public static Authenticator create(AuthConfig config) throws Exception {
    return new Authenticator(config, config.enabled() ? new TokenValidator(config) : null);
  }

  public boolean enabled() {
    return validator != null;
  }

  /**
   * @param authorization the {@code Authorization} header, or null
   * @return the caller, or a failure with an {@link AuthenticationException}
   */
  public CompletionStage<Caller> authenticate(String authorization) {
    if (validator == null) {
      return CompletableFuture.completedFuture(anonymous);
    }
    if (authorization == null || authorization.isBlank()) {
      return config.anonymous().enabled()
          ? CompletableFuture.completedFuture(anonymous)
          : CompletableFuture.failedFuture(AuthenticationException.missingToken());
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || authorization.length() > LONGEST_TOKEN) {
      return CompletableFuture.failedFuture(
          AuthenticationException.invalid("Send the token as 'Bearer <token>'."));
    }
    String token = authorization.substring(BEARER.length()).trim();
    Object known = tokens.getIfPresent(token);
    if (known instanceof Caller caller && caller.expiresAt().isAfter(Instant.now())) {
      return CompletableFuture.completedFuture(caller);
    }
    if (known instanceof AuthenticationException rejected) {
      return CompletableFuture.failedFuture(rejected);
    }
    return validateElsewhere(token);
  }

  private CompletionStage<Caller> validateElsewhere(String token) {
    CompletableFuture<Caller> result = new CompletableFuture<>();
    try {
      validating.execute(
          () -> {
            try {
              Caller caller = validator.validate(token);
              tokens.put(token, caller);
              result.complete(caller);
            } catch (AuthenticationException rejected) {
              if (rejected.status() == 401) {
                tokens.put(token, rejected);
              }
              result.completeExceptionally(rejected);
            } catch (RuntimeException unexpected) {
              // Fix: anything else used to kill the task with the stage never completed, so the
              // HTTP
              // request hung until the client gave up; now it fails (500, logged by the caller).
              result.completeExceptionally(unexpected);
            }
          });
    } catch (RejectedExecutionException shutDown) {
      result.completeExceptionally(AuthenticationException.keysUnavailable());
    }
    return result;
  }

  /**
   * Reload: reads the issuer's key file again ({@code auth.jwksFile}) and returns the action that
   * swaps it in and forgets every validated token, so a key removed from the file stops its tokens
   * at once. Throws, changing nothing, when the file is unreadable or not a JWK set.
   */
  public Runnable readKeysAgain() throws IOException {
    if (validator == null) {
      return () -> {};
    }
    Runnable swap = validator.readKeysAgain();
    return () -> {
      swap.run();
      tokens.invalidateAll();
    };
  }

  /** The anonymous caller (for protocols that authenticate later, and for tests). */
  public Caller anonymousCaller() {
    return anonymous;
  }

  @Override
  public void close() {
    validating.shutdownNow();
    if (validator != null) {
      try {
        validator.close(); // fix: the key source's refresh-ahead scheduler outlived the bridge
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  /** Valid tokens live until they expire; rejections for a short while. */
  private static final class UntilTokenExpiry implements Expiry<String, Object> {
    private final Duration rememberRejected;

    UntilTokenExpiry(Duration rememberRejected) {
      this.rememberRejected = rememberRejected;
    }

    @Override
    public long expireAfterCreate(String token, Object value, long now) {
      if (value instanceof Caller caller) {
        try {
          return Math.max(0, Duration.between(Instant.now(), caller.expiresAt()).toNanos());
        } catch (ArithmeticException centuriesAhead) {
          // Fix: an exp more than ~292 years ahead overflowed toNanos() and the token was never
          // answered.
          return Long.MAX_VALUE;
        }
      }
      return rememberRejected.toNanos();
    }

    @Override
    public long expireAfterUpdate(String token, Object value, long now, long current) {
      return expireAfterCreate(token, value, now);
    }

    @Override
    public long expireAfterRead(String token, Object value, long now, long current) {
      return current;
    }
  }
}
