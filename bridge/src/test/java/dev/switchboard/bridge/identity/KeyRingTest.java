package dev.switchboard.bridge.identity;

import static dev.switchboard.bridge.identity.TestKeys.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which keys the JWK set lists as keys come, go and expire. */
class KeyRingTest {
  static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
  static final Duration KEEP = Duration.ofMinutes(6);

  private static List<String> kids(KeyRing ring, Instant now) {
    return ring.verificationKeys(now).stream().map(ECKey::getKeyID).toList();
  }

  @Test
  void verificationKeys_activeAndPublished_areListedActiveFirst() throws Exception {
    KeyRing ring = KeyRing.of(key("a"), List.of(key("b"), key("c")));

    assertEquals(List.of("a", "b", "c"), kids(ring, T0));
  }

  @Test
  void next_formerActiveKey_isListedUntilItsEnvelopesExpireThenDropsOut() throws Exception {
    ECKey a = key("a");
    ECKey b = key("b");
    KeyRing rotated = KeyRing.of(a, List.of(b)).next(b, List.of(), T0, T0.plus(KEEP));

    assertEquals("b", rotated.active().getKeyID());
    assertEquals(List.of("b", "a"), kids(rotated, T0.plus(KEEP).minusMillis(1)));
    assertEquals(List.of("b"), kids(rotated, T0.plus(KEEP)));
  }

  @Test
  void next_retiredKeyNeverCarriesPrivateMaterial() throws Exception {
    KeyRing rotated = KeyRing.of(key("a"), List.of()).next(key("b"), List.of(), T0, T0.plus(KEEP));

    assertEquals(false, rotated.retired(T0).get(0).key().isPrivate());
  }

  @Test
  void next_publishedKeyRemoved_isAlsoRetiredForTheTtl() throws Exception {
    ECKey a = key("a");
    KeyRing ring = KeyRing.of(a, List.of(key("old"))).next(a, List.of(), T0, T0.plus(KEEP));

    assertEquals(List.of("a", "old"), kids(ring, T0.plus(Duration.ofMinutes(5))));
    assertEquals(List.of("a"), kids(ring, T0.plus(KEEP)));
  }

  @Test
  void next_retiredKeyConfiguredAgain_isBackAndNotRetired() throws Exception {
    ECKey a = key("a");
    ECKey b = key("b");
    KeyRing back =
        KeyRing.of(a, List.of())
            .next(b, List.of(), T0, T0.plus(KEEP))
            .next(b, List.of(a), T0.plus(Duration.ofMinutes(1)), T0.plus(KEEP.plusMinutes(1)));

    assertEquals(List.of(), back.retired(T0));
    assertEquals(List.of("b", "a"), kids(back, T0.plus(Duration.ofDays(1))));
  }

  @Test
  void next_keyRetiredTwice_keepsTheLaterDate() throws Exception {
    ECKey a = key("a");
    ECKey b = key("b");
    Instant later = T0.plus(Duration.ofMinutes(2));
    KeyRing ring =
        KeyRing.of(a, List.of(b))
            // a stops signing, stays published
            .next(b, List.of(a), T0, T0.plus(KEEP))
            // a removed two minutes later: listed until then + KEEP
            .next(b, List.of(), later, later.plus(KEEP));

    assertEquals(later.plus(KEEP), ring.retired(T0).get(0).until());
  }

  @Test
  void next_expiredRetiredKeys_areForgottenAtTheNextReload() throws Exception {
    ECKey a = key("a");
    ECKey b = key("b");
    Instant afterExpiry = T0.plus(KEEP).plusSeconds(1);
    KeyRing ring =
        KeyRing.of(a, List.of())
            .next(b, List.of(), T0, T0.plus(KEEP))
            .next(b, List.of(), afterExpiry, afterExpiry.plus(KEEP));

    assertEquals(List.of(), ring.retired(T0));
  }

  @Test
  void next_manyRotationsWithinOneTtl_holdAtMostTheBoundKeepingTheLatest() throws Exception {
    KeyRing ring = KeyRing.of(key("k0"), List.of());
    int rotations = KeyRing.MAX_RETIRED + 5;
    for (int i = 1; i <= rotations; i++) {
      Instant now = T0.plusSeconds(i);
      ring = ring.next(key("k" + i), List.of(), now, now.plus(KEEP));
    }

    List<KeyRing.Retired> retired = ring.retired(T0);
    assertEquals(KeyRing.MAX_RETIRED, retired.size());
    // the last key to stop signing is still listed; the first ones went
    assertEquals("k" + (rotations - 1), retired.get(retired.size() - 1).key().getKeyID());
    assertEquals("k" + (rotations - KeyRing.MAX_RETIRED), retired.get(0).key().getKeyID());
  }

  @Test
  void lists_retiredKeyUntilItsDate() throws Exception {
    ECKey a = key("a");
    KeyRing ring = KeyRing.of(a, List.of()).next(key("b"), List.of(), T0, T0.plus(KEEP));

    assertEquals(true, ring.lists("a", T0));
    assertEquals(false, ring.lists("a", T0.plus(KEEP)));
    assertEquals(false, ring.lists("nobody", T0));
  }
}
