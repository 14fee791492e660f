package dev.switchboard.bridge.config;

import java.util.List;

/**
 * Trusted documents (persisted queries) and automatic persisted queries (APQ).
 *
 * @param mode {@code off}: any document runs; {@code allow}: manifest documents may also be sent by
 *     id; {@code require}: only manifest documents run (by id, or as text that hashes to an entry)
 * @param manifests manifest files: {@code {"<sha256>": "<document>"}} or Apollo's persisted query
 *     manifest
 * @param apq with mode {@code off}: clients may register unknown hashes the APQ way
 * @param apqCacheSize how many APQ registrations to keep (Caffeine size eviction: rarely used go
 *     first)
 */
public record DocumentsConfig(
    Mode mode, List<String> manifests, Boolean apq, Integer apqCacheSize) {

  /** Which documents may run. */
  public enum Mode {
    off,
    allow,
    require
  }

  public DocumentsConfig {
    mode = mode != null ? mode : Mode.off;
    manifests = manifests != null ? List.copyOf(manifests) : List.of();
    apq = apq != null ? apq : false;
    apqCacheSize = apqCacheSize != null ? apqCacheSize : 1000;
  }

  static DocumentsConfig defaults() {
    return new DocumentsConfig(null, null, null, null);
  }
}
