package dev.switchboard.bridge.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.RateLimitsConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  final AtomicLong now = new AtomicLong();

  private static RatePlan plan(Double perSecond, Map<String, RateLimitsConfig.Rate> roles) {
    return RatePlan.of(new RateLimitsConfig(perSecond, null, roles, null, null, null));
  }

  private static RateLimitsConfig.Rate rate(double perSecond, int burst) {
    return new RateLimitsConfig.Rate(perSecond, burst);
  }

  @Test
  void rateFor_noRoleRate_isEveryonesRate() {
    assertEquals(Optional.of(new Rate(10, 20)), plan(10.0, Map.of()).rateFor(List.of("viewer")));
  }

  @Test
  void rateFor_aRoleWithARate_overridesEveryonesRate_evenWhenLower() {
    RatePlan plan = plan(10.0, Map.of("bot", rate(1, 1)));

    assertEquals(Optional.of(new Rate(1, 1)), plan.rateFor(List.of("viewer", "bot")));
  }

  @Test
  void rateFor_severalRolesWithRates_isTheMostGenerous() {
    RatePlan plan =
        plan(null, Map.of("viewer", rate(5, 10), "partner", rate(50, 50), "ops", rate(50, 100)));

    assertEquals(Optional.of(new Rate(50, 100)), plan.rateFor(List.of("viewer", "partner", "ops")));
    assertEquals(Optional.of(new Rate(5, 10)), plan.rateFor(List.of("viewer")));
  }

  @Test
  void rateFor_onlyRoleRates_leavesOtherCallersUnlimited() {
    assertEquals(Optional.empty(), plan(null, Map.of("bot", rate(1, 1))).rateFor(List.of("human")));
  }

  @Test
  void take_differentCallers_haveSeparateBuckets() {
    RateLimiter limiter = new RateLimiter(plan(1.0, Map.of()), 100, now::get);

    assertTrue(limiter.take("sub:alice", List.of()).isEmpty());
    assertTrue(limiter.take("sub:alice", List.of()).isEmpty(), "burst defaults to twice the rate");
    assertTrue(limiter.take("sub:alice", List.of()).isPresent());
    assertTrue(limiter.take("sub:bob", List.of()).isEmpty());
  }

  @Test
  void take_refusal_carriesTheRateAndTheWait() {
    RateLimiter limiter = new RateLimiter(plan(null, Map.of("bot", rate(4, 1))), 100, now::get);
    limiter.take("sub:robot", List.of("bot"));

    RateLimiter.Refused refused = limiter.take("sub:robot", List.of("bot")).orElseThrow();

    assertEquals(new Rate(4, 1), refused.rate());
    assertEquals(250_000_000L, refused.waitNanos());
  }

  @Test
  void take_rolesChange_startsTheNewRateAfresh() {
    RateLimiter limiter =
        new RateLimiter(plan(1.0, Map.of("partner", rate(100, 100))), 100, now::get);
    limiter.take("sub:carol", List.of());
    limiter.take("sub:carol", List.of());
    assertTrue(limiter.take("sub:carol", List.of()).isPresent());

    assertTrue(limiter.take("sub:carol", List.of("partner")).isEmpty());
  }

  @Test
  void buckets_stayWithinMaxCallers() {
    RateLimiter limiter = new RateLimiter(plan(1.0, Map.of()), 50, now::get);

    for (int i = 0; i < 5_000; i++) {
      limiter.take("ip:10.0." + (i / 256) + "." + (i % 256), List.of());
    }

    assertTrue(limiter.size() <= 50, "tracked: " + limiter.size());
  }
}
