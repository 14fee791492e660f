package dev.switchboard.bridge.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verified callers for unit tests, with any claims (the constructor is package-private on purpose).
 */
public final class TestCallers {
  private TestCallers() {}

  /** A signed-in caller with these roles and claims, no scopes, a token valid for an hour. */
  public static Caller withClaims(String subject, List<String> roles, Map<String, Object> claims) {
    return new Caller(
        subject,
        false,
        roles,
        Set.of(),
        claims,
        Instant.now().plus(Duration.ofHours(1)),
        "test-token");
  }
}
