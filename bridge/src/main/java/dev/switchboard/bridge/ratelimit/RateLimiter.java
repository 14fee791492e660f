package dev.switchboard.bridge.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller key, at most {@code maxCallers} of them. A bucket left alone for as
 * long as the slowest rate takes to refill is full, so forgetting it changes nothing; when more
 * callers than that are active at once, Caffeine drops the rarely seen ones first, and a dropped
 * caller starts again with a full bucket.
 */
final class RateLimiter {
  private final RatePlan plan;
  private final LongSupplier nanoClock;
  private final Cache<String, TokenBucket> buckets;

  RateLimiter(RatePlan plan, int maxCallers, LongSupplier nanoClock) {
    this.plan = plan;
    this.nanoClock = nanoClock;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxCallers)
            .expireAfterAccess(Duration.ofNanos(plan.longestRefillNanos()).plusSeconds(1))
            .build();
  }

  /**
   * Takes a token from the caller's bucket.
   *
   * @return empty when the request may go; otherwise the caller's rate and the wait in nanoseconds
   */
  Optional<Refused> take(String key, List<String> roles) {
    Optional<Rate> rate = plan.rateFor(roles);
    if (rate.isEmpty()) {
      return Optional.empty();
    }
    TokenBucket bucket = buckets.get(key, ignored -> new TokenBucket(rate.get(), nanoClock));
    if (!bucket.rate().equals(rate.get())) {
      // the caller's roles changed (a new token): start its new rate afresh
      bucket = new TokenBucket(rate.get(), nanoClock);
      buckets.put(key, bucket);
    }
    long wait = bucket.take();
    return wait == 0 ? Optional.empty() : Optional.of(new Refused(rate.get(), wait));
  }

  /** For tests: callers tracked after pending evictions. */
  long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  /** A request over its caller's rate. */
  record Refused(Rate rate, long waitNanos) {}
}
