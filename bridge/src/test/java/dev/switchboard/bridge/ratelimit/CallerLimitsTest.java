package dev.switchboard.bridge.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.config.RateLimitsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallerLimitsTest {
  final AtomicLong now = new AtomicLong();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private CallerLimits limits(RateLimitsConfig config) throws Exception {
    return new CallerLimits(ClientAddress.trusting(List.of()), config, registry, now::get);
  }

  private double refused(String limit) {
    return registry.get("switchboard.rate.limited").tag("limit", limit).counter().count();
  }

  @Test
  void keyOf_anonymousCaller_isItsAddress() throws Exception {
    CallerLimits limits = limits(new RateLimitsConfig(null, null, null, null, null, null));

    assertEquals(
        "ip:203.0.113.7",
        limits.keyOf(Caller.anonymous("anonymous"), "203.0.113.7", List.of("6.6.6.6")));
  }

  @Test
  void charge_overTheRate_saysWhenToRetryInWholeSeconds() throws Exception {
    CallerLimits limits = limits(new RateLimitsConfig(0.25, 1, null, null, null, null));
    Caller caller = Caller.anonymous("anonymous");
    assertTrue(limits.charge("ip:a", caller).isEmpty());

    CallerLimits.OverLimit over = limits.charge("ip:a", caller).orElseThrow();

    assertEquals(4, over.retryAfterSeconds());
    assertEquals(
        "Too many requests: over this caller's rate of 0.25 per second (burst 1); retry after 4 s.",
        over.message());
    assertEquals(1.0, refused("requests"));
  }

  @Test
  void charge_aFractionOfASecondAway_isStillAtLeastOneSecond() throws Exception {
    CallerLimits limits = limits(new RateLimitsConfig(100.0, 1, null, null, null, null));
    Caller caller = Caller.anonymous("anonymous");
    limits.charge("ip:a", caller);

    assertEquals(1, limits.charge("ip:a", caller).orElseThrow().retryAfterSeconds());
  }

  @Test
  void charge_ratesOff_neverRefuses() throws Exception {
    CallerLimits limits = limits(new RateLimitsConfig(null, null, null, null, null, null));

    for (int i = 0; i < 1000; i++) {
      assertEquals(Optional.empty(), limits.charge("ip:a", Caller.anonymous("anonymous")));
    }
  }

  @Test
  void charge_anonymousRole_canHaveItsOwnRate() throws Exception {
    CallerLimits limits =
        limits(
            new RateLimitsConfig(
                100.0,
                null,
                Map.of("anonymous", new RateLimitsConfig.Rate(1.0, 1)),
                null,
                null,
                null));
    Caller caller = Caller.anonymous("anonymous");
    limits.charge("ip:a", caller);

    assertTrue(limits.charge("ip:a", caller).isPresent());
  }

  @Test
  void openWebSocket_beyondTheCap_isRefusedAndCounted_untilOneCloses() throws Exception {
    CallerLimits limits = limits(new RateLimitsConfig(null, null, null, null, 2, null));

    CallerSlots.Slot first = limits.openWebSocket("sub:alice").orElseThrow();
    limits.openWebSocket("sub:alice").orElseThrow();
    assertTrue(limits.openWebSocket("sub:alice").isEmpty());
    assertTrue(limits.openWebSocket("sub:bob").isPresent(), "another caller has its own cap");
    assertEquals(1.0, refused("websockets"));

    first.release();
    first.release(); // a second release is a no-op

    assertTrue(limits.openWebSocket("sub:alice").isPresent());
    assertTrue(limits.openWebSocket("sub:alice").isEmpty());
  }
}
