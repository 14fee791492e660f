package dev.switchboard.bridge.ratelimit;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.config.RateLimitsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The per-caller limits of the request entry: a request rate ({@code rateLimits}) and a cap on open
 * WebSocket connections ({@code rateLimits.maxWebSocketsPerCaller}, on even when rates are off). A
 * caller is its verified token's {@code sub}; an anonymous caller is its client address. Refusals
 * are counted in {@code switchboard_rate_limited_total}, by {@code limit}.
 */
public final class CallerLimits {
  private final ClientAddress addresses;
  private final Optional<RateLimiter> rates;
  private final CallerSlots webSockets;
  private final CallerSlots streams;
  private final Counter overRate;
  private final Counter overWebSockets;
  private final Counter overStreams;

  CallerLimits(
      ClientAddress addresses,
      RateLimitsConfig config,
      MeterRegistry registry,
      LongSupplier nanoClock) {
    this.addresses = addresses;
    this.rates =
        config.enabled()
            ? Optional.of(new RateLimiter(RatePlan.of(config), config.maxCallers(), nanoClock))
            : Optional.empty();
    this.webSockets = new CallerSlots(config.maxWebSocketsPerCaller());
    this.streams = new CallerSlots(config.maxStreamsPerCaller());
    this.overRate = refusals(registry, "requests");
    this.overWebSockets = refusals(registry, "websockets");
    this.overStreams = refusals(registry, "streams");
  }

  /**
   * @param trustedProxies {@code http.trustedProxies}
   * @throws ConfigException when a trusted proxy is not an IP address or CIDR range
   */
  public static CallerLimits create(
      RateLimitsConfig config, List<String> trustedProxies, MeterRegistry registry)
      throws ConfigException {
    return new CallerLimits(
        ClientAddress.trusting(trustedProxies), config, registry, System::nanoTime);
  }

  private static Counter refusals(MeterRegistry registry, String limit) {
    return Counter.builder("switchboard.rate.limited")
        .description(
            "Requests, WebSocket connections and subscription streams refused for being over a caller's limit")
        .tag("limit", limit)
        .register(registry);
  }

  /** Whether requests are counted at all; when not, nobody needs to know who a request is from. */
  public boolean ratesEnabled() {
    return rates.isPresent();
  }

  /**
   * Who a request counts against.
   *
   * @param peer the socket's remote address
   * @param forwardedFor the request's {@code X-Forwarded-For} headers (believed from trusted
   *     proxies only)
   */
  public String keyOf(Caller caller, String peer, List<String> forwardedFor) {
    return caller.isAnonymous()
        ? "ip:" + addresses.of(peer, forwardedFor)
        : "sub:" + caller.subject();
  }

  /** Counts one request against the caller's rate; present when it is over. */
  public Optional<OverLimit> charge(String key, Caller caller) {
    if (rates.isEmpty()) {
      return Optional.empty();
    }
    Optional<RateLimiter.Refused> refused = rates.get().take(key, caller.roles());
    if (refused.isEmpty()) {
      return Optional.empty();
    }
    overRate.increment();
    Rate rate = refused.get().rate();
    long seconds =
        Math.max(1, TimeUnit.NANOSECONDS.toSeconds(refused.get().waitNanos() + 999_999_999L));
    return Optional.of(
        new OverLimit(
            "Too many requests: over this caller's rate of "
                + format(rate.perSecond())
                + " per second (burst "
                + rate.burst()
                + "); retry after "
                + seconds
                + " s.",
            seconds));
  }

  /** A place for one more WebSocket connection of this caller; empty (and counted) when full. */
  public Optional<CallerSlots.Slot> openWebSocket(String key) {
    Optional<CallerSlots.Slot> slot = webSockets.acquire(key);
    if (slot.isEmpty()) {
      overWebSockets.increment();
    }
    return slot;
  }

  public int maxWebSocketsPerCaller() {
    return webSockets.maxPerCaller();
  }

  /** A place for one more SSE or multipart stream of this caller; empty (and counted) when full. */
  public Optional<CallerSlots.Slot> openStream(String key) {
    Optional<CallerSlots.Slot> slot = streams.acquire(key);
    if (slot.isEmpty()) {
      overStreams.increment();
    }
    return slot;
  }

  public int maxStreamsPerCaller() {
    return streams.maxPerCaller();
  }

  private static String format(double perSecond) {
    return perSecond == Math.rint(perSecond)
        ? Long.toString((long) perSecond)
        : Double.toString(perSecond);
  }

  /**
   * A request over its caller's rate.
   *
   * @param message safe to show the client
   * @param retryAfterSeconds when a token is there again, in whole seconds (at least 1)
   */
  public record OverLimit(String message, long retryAfterSeconds) {}
}
