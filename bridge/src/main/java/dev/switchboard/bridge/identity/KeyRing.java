package dev.switchboard.bridge.identity;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The envelope keys at one moment, immutable: the active key (signs), the published keys (served,
 * never used to sign) and the retired keys, which left the config but stay in the JWK set until
 * every envelope that may have been signed with them has expired. A reload makes a new ring with
 * {@link #next}.
 */
final class KeyRing {
  /** A bound on retired keys held: each reload retires at most a few. */
  static final int MAX_RETIRED = 16;

  private final ECKey active;
  private final List<ECKey> published;
  private final Map<String, Retired> retired;

  private KeyRing(ECKey active, List<ECKey> published, Map<String, Retired> retired) {
    this.active = active;
    this.published = List.copyOf(published);
    this.retired = retired;
  }

  static KeyRing of(ECKey active, List<ECKey> published) {
    return new KeyRing(active, published, Map.of());
  }

  /**
   * The ring after a reload: every key of this one that the new config no longer names is retired
   * until {@code retiredUntil} (a key retired earlier keeps the later of its two dates); a retired
   * key named again is simply back.
   *
   * @param retiredUntil when every envelope signed so far has expired: now + ttl + clock skew
   */
  KeyRing next(ECKey nextActive, List<ECKey> nextPublished, Instant now, Instant retiredUntil) {
    Set<String> named = kids(nextActive, nextPublished);
    Map<String, Retired> kept = new LinkedHashMap<>();
    for (Retired old : retired.values()) {
      if (old.until().isAfter(now) && !named.contains(old.key().getKeyID())) {
        kept.put(old.key().getKeyID(), old);
      }
    }
    for (ECKey leaving : configured()) {
      if (!named.contains(leaving.getKeyID())) {
        Retired earlier = kept.get(leaving.getKeyID());
        Instant until =
            earlier != null && earlier.until().isAfter(retiredUntil)
                ? earlier.until()
                : retiredUntil;
        kept.put(leaving.getKeyID(), new Retired(leaving.toPublicJWK(), until));
      }
    }
    return new KeyRing(nextActive, nextPublished, bounded(kept));
  }

  /** Too many reloads in one ttl: the keys expiring first go first, so memory stays bounded. */
  private static Map<String, Retired> bounded(Map<String, Retired> retired) {
    if (retired.size() <= MAX_RETIRED) {
      return Map.copyOf(retired);
    }
    return retired.values().stream()
        .sorted(Comparator.comparing(Retired::until).reversed())
        .limit(MAX_RETIRED)
        .collect(Collectors.toUnmodifiableMap(old -> old.key().getKeyID(), old -> old));
  }

  ECKey active() {
    return active;
  }

  List<ECKey> published() {
    return published;
  }

  /** Retired keys still in the JWK set at {@code now}, the one retired longest first. */
  List<Retired> retired(Instant now) {
    return retired.values().stream()
        .filter(old -> old.until().isAfter(now))
        .sorted(Comparator.comparing(Retired::until))
        .toList();
  }

  /** What the JWK set lists at {@code now}: active, published, retired and not yet expired. */
  List<ECKey> verificationKeys(Instant now) {
    List<ECKey> keys = new ArrayList<>(configured());
    retired(now).forEach(old -> keys.add(old.key()));
    return keys;
  }

  /** Whether services could verify this kid at {@code now} (the JWK set lists it). */
  boolean lists(String kid, Instant now) {
    return verificationKeys(now).stream().anyMatch(key -> key.getKeyID().equals(kid));
  }

  private List<ECKey> configured() {
    List<ECKey> keys = new ArrayList<>();
    keys.add(active);
    keys.addAll(published);
    return keys;
  }

  private static Set<String> kids(ECKey active, List<ECKey> published) {
    Set<String> kids = new HashSet<>();
    published.forEach(key -> kids.add(key.getKeyID()));
    kids.add(active.getKeyID());
    return kids;
  }

  /** A key no longer configured, listed until {@code until}. */
  record Retired(ECKey key, Instant until) {}
}
