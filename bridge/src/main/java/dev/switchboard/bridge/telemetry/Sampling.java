package dev.switchboard.bridge.telemetry;

import dev.switchboard.subjects.TraceParent;
import io.opentelemetry.sdk.OpenTelemetrySdk;

/**
 * What the configured sampler tells ahead of time. A parent-based sampler (the default, and every
 * {@code parentbased_*} choice) drops every child of a parent that is not sampled, so an attempt
 * under a sampled-out request needs no span at all; with any other sampler each span is asked.
 */
enum Sampling {
  /** parent-based: a child follows its parent's sampled flag */
  FOLLOWS_PARENT,
  /** anything else: always start the span and let the sampler decide */
  ANY;

  static Sampling of(OpenTelemetrySdk sdk) {
    // the SDK's ParentBasedSampler describes itself as "ParentBased{root:...,...}"
    String sampler = sdk.getSdkTracerProvider().getSampler().getDescription();
    return sampler.startsWith("ParentBased{") ? FOLLOWS_PARENT : ANY;
  }

  /** Whether a child of {@code parent} is certainly dropped. */
  boolean dropsChildOf(TraceParent parent) {
    return this == FOLLOWS_PARENT && parent != null && !sampled(parent.flags());
  }

  private static boolean sampled(String flags) {
    return flags.length() == 2 && (Character.digit(flags.charAt(1), 16) & 1) == 1;
  }
}
