package dev.switchboard.bridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code switchboard_refusals_total{limit}}: requests and operations refused for a configured
 * limit, tagged with the limit's configuration key ({@code limits.maxDepth}, {@code
 * http.maxBodyBytes}, ...). Rate limits keep their own {@code switchboard_rate_limited_total};
 * connection caps theirs ({@code switchboard_http_connections_refused_total}).
 */
public final class RefusalMetrics {
  public static final String BODY_SIZE = "http.maxBodyBytes";

  /** graphql-java's refusal of introspection that nests too often. */
  public static final String INTROSPECTION_DEPTH = "introspection";

  static final List<String> LIMITS =
      List.of(
          "limits.maxDepth",
          "limits.maxAliases",
          "limits.maxRootFields",
          "limits.maxFields",
          "limits.maxNatsCalls",
          BODY_SIZE,
          INTROSPECTION_DEPTH);

  // The limit refusals name their key in the message: "...; the limit is 30 (limits.maxAliases)."
  private static final Pattern KEY = Pattern.compile("\\((limits\\.[A-Za-z]{1,40})\\)");
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public RefusalMetrics(MeterRegistry registry) {
    // registered up front (each at 0), and only these: the tag set stays bounded
    for (String limit : LIMITS) {
      counters.put(
          limit,
          Counter.builder("switchboard.refusals")
              .description("Requests and operations refused for a configured limit")
              .tag("limit", limit)
              .register(registry));
    }
  }

  public void count(String limit) {
    Counter counter = counters.get(limit);
    if (counter != null) {
      counter.increment();
    }
  }

  /** The key a {@code QUERY_TOO_COMPLEX} message names, or introspection when it names none. */
  public static String limitOf(String message) {
    Matcher key = KEY.matcher(message == null ? "" : message);
    return Optional.of(key)
        .filter(Matcher::find)
        .map(found -> found.group(1))
        .orElse(INTROSPECTION_DEPTH);
  }
}
