package dev.switchboard.bridge.ratelimit;

import dev.switchboard.bridge.config.RateLimitsConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which rate a caller gets: the rate of its roles when one of them has one (the most generous when
 * several do), else everyone's rate ({@code rateLimits.requestsPerSecond}), else none.
 */
final class RatePlan {
  private final Optional<Rate> everyone;
  private final Map<String, Rate> byRole;

  RatePlan(Optional<Rate> everyone, Map<String, Rate> byRole) {
    this.everyone = everyone;
    this.byRole = Map.copyOf(byRole);
  }

  static RatePlan of(RateLimitsConfig config) {
    Map<String, Rate> byRole = new HashMap<>();
    config
        .roles()
        .forEach(
            (role, rate) -> byRole.put(role, new Rate(rate.requestsPerSecond(), rate.burst())));
    Optional<Rate> everyone =
        config.requestsPerSecond() == null
            ? Optional.empty()
            : Optional.of(new Rate(config.requestsPerSecond(), config.burst()));
    return new RatePlan(everyone, byRole);
  }

  /** The caller's rate; empty when the caller is not limited. */
  Optional<Rate> rateFor(List<String> roles) {
    Rate best = null;
    for (String role : roles) {
      Rate rate = byRole.get(role);
      if (rate != null) {
        best = best == null ? rate : Rate.moreGenerous(best, rate);
      }
    }
    return best != null ? Optional.of(best) : everyone;
  }

  /** How long an idle bucket takes to fill up again, at the slowest rate of the plan. */
  long longestRefillNanos() {
    long longest = everyone.map(RatePlan::refillNanos).orElse(0L);
    for (Rate rate : byRole.values()) {
      longest = Math.max(longest, refillNanos(rate));
    }
    return longest;
  }

  private static long refillNanos(Rate rate) {
    return rate.intervalNanos() * rate.burst();
  }
}
