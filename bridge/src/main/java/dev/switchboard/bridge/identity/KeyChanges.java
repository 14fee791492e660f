package dev.switchboard.bridge.identity;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator what a reload did to the keys, in the terms of the rotation procedure: when a
 * newly published key may become active, and a warning when a key signs before it was published.
 */
final class KeyChanges {
  /**
   * How long a service may keep an old JWK set: the {@code subjects} verifier caches it for 5
   * minutes, an HTTP cache in between for up to {@link JwksPublisher#MAX_AGE} more.
   */
  static final Duration PUBLISH_AHEAD = Duration.ofMinutes(5).plus(JwksPublisher.MAX_AGE);

  private static final Logger log = LoggerFactory.getLogger(IdentitySigner.class);

  private KeyChanges() {}

  static void log(KeyRing before, KeyRing after, Instant now) {
    String active = after.active().getKeyID();
    if (!active.equals(before.active().getKeyID()) && !before.lists(active, now)) {
      log.warn(
          "identity: kid {} signs from now on but was not in the JWK set before this reload;"
              + " services that cached the set refuse its envelopes until they refetch it"
              + " (the subjects verifier refetches on an unknown kid, at most once per 30 s)."
              + " Publish a new key (identity.publishedKeyFiles) and wait {} before making it"
              + " active",
          active,
          PUBLISH_AHEAD);
    }
    for (ECKey published : after.published()) {
      if (!before.lists(published.getKeyID(), now)) {
        log.info(
            "identity: kid {} is now published; make it active no earlier than {} (services"
                + " cache the JWK set for up to {})",
            published.getKeyID(),
            now.plus(PUBLISH_AHEAD),
            PUBLISH_AHEAD);
      }
    }
  }

  /** {@code identity keys: kid A signs; published: B; retired: C (listed until T)}. */
  static String describe(KeyRing ring, Instant now) {
    String published =
        ring.published().isEmpty()
            ? "none"
            : ring.published().stream().map(ECKey::getKeyID).collect(Collectors.joining(", "));
    String retired =
        ring.retired(now).isEmpty()
            ? "none"
            : ring.retired(now).stream()
                .map(old -> old.key().getKeyID() + " (listed until " + old.until() + ")")
                .collect(Collectors.joining(", "));
    return "identity keys: kid "
        + ring.active().getKeyID()
        + " signs; published: "
        + published
        + "; retired: "
        + retired;
  }
}
