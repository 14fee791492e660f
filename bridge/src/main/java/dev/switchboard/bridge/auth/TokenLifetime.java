package dev.switchboard.bridge.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The time checks nimbus leaves out, run after its own ({@code exp}, {@code nbf}, issuer,
 * audience): an {@code iat} in the future beyond the clock skew, and a token that lives longer than
 * {@code auth.maxTokenLifetime} ({@code exp - iat}, or {@code exp - now} without {@code iat}). A
 * stolen token with an {@code exp} years away would otherwise stay usable for years.
 */
final class TokenLifetime implements JWTClaimsSetVerifier<SecurityContext> {
  private final JWTClaimsSetVerifier<SecurityContext> standard;
  private final Duration clockSkew;
  private final Duration maxLifetime;

  TokenLifetime(
      JWTClaimsSetVerifier<SecurityContext> standard, Duration clockSkew, Duration maxLifetime) {
    this.standard = standard;
    this.clockSkew = clockSkew;
    this.maxLifetime = maxLifetime;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    standard.verify(claims, context);
    Instant now = Instant.now();
    Date issued = claims.getIssueTime();
    Date expires = claims.getExpirationTime(); // required: the standard checks refused it missing
    if (issued != null && issued.toInstant().isAfter(now.plus(clockSkew))) {
      throw new Refused("The token's issue time (iat) is in the future.");
    }
    long from = issued != null ? epochSeconds(issued) : now.getEpochSecond();
    // Whole seconds as JWTs count them; exact arithmetic so an exp millennia away cannot wrap.
    long lifetime;
    try {
      lifetime = Math.subtractExact(epochSeconds(expires), from);
    } catch (ArithmeticException beyondLong) {
      lifetime = Long.MAX_VALUE;
    }
    if (lifetime > maxLifetime.getSeconds()) {
      throw new Refused(
          issued != null
              ? "The token lives longer than the " + format(maxLifetime) + " this API accepts."
              : "The token expires later than the " + format(maxLifetime) + " this API accepts.");
    }
  }

  private static long epochSeconds(Date date) {
    return Math.floorDiv(date.getTime(), 1000L);
  }

  /** {@code 24h}, {@code 90m}, {@code 45s}: the way the setting is usually written. */
  private static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  /** A refusal whose message is already safe and clear for {@code error_description}. */
  static final class Refused extends BadJWTException {
    Refused(String description) {
      super(description);
    }
  }
}
