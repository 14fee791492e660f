package dev.switchboard.subjects.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedEnvelopeCacheTest {
  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  private static final Duration SKEW = Duration.ofSeconds(30);

  @Test
  void get_beforeExpiryPlusSkew_returnsTheIdentity() {
    VerifiedEnvelopeCache cache = new VerifiedEnvelopeCache(10, SKEW);
    Identity alice = identity("alice", NOW.plusSeconds(60));
    cache.put("env-a", alice, NOW);

    assertSame(alice, cache.get("env-a", NOW.plusSeconds(89)));
  }

  @Test
  void get_atExpiryPlusSkew_dropsTheEntry() {
    VerifiedEnvelopeCache cache = new VerifiedEnvelopeCache(10, SKEW);
    cache.put("env-a", identity("alice", NOW.plusSeconds(60)), NOW);

    assertNull(cache.get("env-a", NOW.plusSeconds(90)));
    assertEquals(0, cache.size());
  }

  @Test
  void get_unknownEnvelope_isNull() {
    assertNull(new VerifiedEnvelopeCache(10, SKEW).get("never-seen", NOW));
  }

  @Test
  void put_whenFull_evictsExpiredFirst() {
    VerifiedEnvelopeCache cache = new VerifiedEnvelopeCache(3, Duration.ZERO);
    cache.put("old-1", identity("old1", NOW.plusSeconds(1)), NOW);
    cache.put("old-2", identity("old2", NOW.plusSeconds(1)), NOW);
    Identity live = identity("live", NOW.plusSeconds(600));
    cache.put("live", live, NOW);
    Instant later = NOW.plusSeconds(5);

    cache.put("new", identity("new", NOW.plusSeconds(600)), later);

    assertEquals(2, cache.size());
    assertSame(live, cache.get("live", later));
  }

  @Test
  void put_whenFullOfLiveEntries_staysBounded() {
    VerifiedEnvelopeCache cache = new VerifiedEnvelopeCache(100, SKEW);

    for (int i = 0; i < 1_000; i++) {
      cache.put("env-" + i, identity("u" + i, NOW.plusSeconds(600)), NOW);
    }

    assertTrue(cache.size() <= 100, () -> "size " + cache.size());
    assertTrue(cache.get("env-999", NOW) != null, "the newest entry is kept");
  }

  @Test
  void put_capacityZero_cachesNothing() {
    VerifiedEnvelopeCache cache = new VerifiedEnvelopeCache(0, SKEW);
    cache.put("env-a", identity("alice", NOW.plusSeconds(60)), NOW);

    assertNull(cache.get("env-a", NOW));
  }

  private static Identity identity(String subject, Instant expiresAt) {
    return new Identity(
        subject, List.of(), List.of(), Map.of(), false, expiresAt.minusSeconds(300), expiresAt);
  }
}
