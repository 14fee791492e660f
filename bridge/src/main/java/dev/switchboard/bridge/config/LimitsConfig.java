package dev.switchboard.bridge.config;

/**
 * Operation limits, checked once per cached document before anything is sent (refused with {@code
 * QUERY_TOO_COMPLEX}), plus a runtime NATS call counter per operation. On by default, in every
 * mode.
 *
 * @param maxDepth deepest field nesting
 * @param maxAliases aliased fields in the operation (fragments expanded)
 * @param maxRootFields fields at the root of the operation
 * @param maxFields fields in the operation (fragments expanded)
 * @param maxNatsCalls NATS calls one operation may make: estimated before it runs (a list
 *     multiplies what is below it by its size hint), and counted while it runs
 * @param listSize the size assumed for a list field without an {@code @listSize} hint in the SDL
 */
public record LimitsConfig(
    Integer maxDepth,
    Integer maxAliases,
    Integer maxRootFields,
    Integer maxFields,
    Integer maxNatsCalls,
    Integer listSize) {

  public LimitsConfig {
    maxDepth = maxDepth != null ? maxDepth : 12;
    maxAliases = maxAliases != null ? maxAliases : 30;
    maxRootFields = maxRootFields != null ? maxRootFields : 20;
    maxFields = maxFields != null ? maxFields : 300;
    maxNatsCalls = maxNatsCalls != null ? maxNatsCalls : 50;
    listSize = listSize != null ? listSize : 10;
  }

  static LimitsConfig defaults() {
    return new LimitsConfig(null, null, null, null, null, null);
  }
}
