package dev.switchboard.bridge.documents;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Documents clients registered the APQ way (a hash with its full text), by hash: at most {@code
 * maximumSize} of them (Caffeine's size eviction, which keeps the frequently used ones). Only texts
 * that hashed to their id and validated are registered. Texts over {@link #LARGEST_REGISTERED}
 * characters still run but are not kept, so the registry's memory stays bounded whatever clients
 * send.
 */
final class ApqRegistry {
  static final int LARGEST_REGISTERED = 16 * 1024;
  private final Cache<String, String> documents;

  ApqRegistry(int maximumSize) {
    this.documents = Caffeine.newBuilder().maximumSize(maximumSize).build();
  }

  /** The registered document with this (normalised) id, or null. */
  String document(String id) {
    return documents.getIfPresent(id);
  }

  void register(String id, String document) {
    if (document.length() <= LARGEST_REGISTERED) {
      documents.put(id, document);
    }
  }

  /** For tests: how many documents are kept after pending evictions. */
  long size() {
    documents.cleanUp();
    return documents.estimatedSize();
  }
}
