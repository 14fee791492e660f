package dev.switchboard.bridge.identity;

import java.time.Clock;
import java.time.Instant;

/**
 * The JWK set document of the current key ring, made again when the ring changes or a retired key
 * expires, so a request for it is a field read.
 */
final class JwksDocument {
  private final Clock clock;
  private volatile Made made;

  JwksDocument(Clock clock) {
    this.clock = clock;
  }

  String of(KeyRing ring) {
    Instant now = clock.instant();
    Made last = made;
    if (last != null && last.ring() == ring && now.isBefore(last.validUntil())) {
      return last.json();
    }
    Instant validUntil =
        ring.retired(now).stream().map(KeyRing.Retired::until).findFirst().orElse(Instant.MAX);
    Made fresh = new Made(ring, validUntil, SigningKey.publicJwks(ring.verificationKeys(now)));
    made = fresh;
    return fresh.json();
  }

  /** A document, the ring it was made from, and when its first retired key drops out. */
  private record Made(KeyRing ring, Instant validUntil, String json) {}
}
