package dev.switchboard.subjects.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified envelopes until they expire. The bridge reuses one envelope per caller for minutes, so
 * most verifications become a map lookup instead of an ECDSA check. Only verified envelopes go in,
 * so the map holds at most about {@code capacity} live callers.
 */
final class VerifiedEnvelopeCache {
  private final int capacity;
  private final Duration clockSkew;
  private final ConcurrentHashMap<String, Identity> byEnvelope = new ConcurrentHashMap<>();

  /**
   * @param capacity at most this many envelopes (0: no caching)
   */
  VerifiedEnvelopeCache(int capacity, Duration clockSkew) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be 0 or more, was " + capacity);
    }
    this.capacity = capacity;
    this.clockSkew = clockSkew;
  }

  /** The identity verified earlier for this exact envelope, or null when unknown or now expired. */
  Identity get(String envelope, Instant now) {
    Identity identity = byEnvelope.get(envelope);
    if (identity != null && isExpired(identity, now)) {
      byEnvelope.remove(envelope, identity);
      return null;
    }
    return identity;
  }

  void put(String envelope, Identity identity, Instant now) {
    if (capacity == 0) {
      return;
    }
    if (byEnvelope.size() >= capacity) {
      makeRoom(now);
    }
    byEnvelope.put(envelope, identity);
  }

  int size() {
    return byEnvelope.size();
  }

  private void makeRoom(Instant now) {
    byEnvelope.values().removeIf(identity -> isExpired(identity, now));
    // Still full of live callers: drop a tenth (any; they are re-verified when they come back)
    // so the next full scan is not on the very next put.
    int target = capacity - Math.max(1, capacity / 10);
    Iterator<String> envelopes = byEnvelope.keySet().iterator();
    while (byEnvelope.size() > target && envelopes.hasNext()) {
      envelopes.next();
      envelopes.remove();
    }
  }

  /** The same boundary nimbus applies: valid while now is before exp + skew. */
  private boolean isExpired(Identity identity, Instant now) {
    return !now.isBefore(identity.expiresAt().plus(clockSkew));
  }
}
