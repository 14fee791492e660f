package dev.switchboard.bridge.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.ParsedHeaderValues;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link Accepted} per distinct {@code Accept} header. Clients send a handful of distinct headers,
 * and negotiating one (media types, q-values, multipart parameters) was ~2% of a one-field query's
 * CPU. Bounded: a caller cycling through made-up headers only evicts entries, and a header longer
 * than any real client's is negotiated each time, not kept.
 */
final class AcceptedCache {
  static final int MAX_ENTRIES = 256;
  static final int MAX_HEADER_LENGTH = 512;
  private final Cache<String, Accepted> byHeader =
      Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

  Accepted of(RoutingContext routing) {
    List<String> values = routing.request().headers().getAll(HttpHeaders.ACCEPT);
    // several Accept lines negotiate as one list, as Vert.x parses them
    String header = values.size() == 1 ? values.get(0) : String.join(",", values);
    return of(header, routing::parsedHeaders);
  }

  /** The negotiation of {@code header}, made from {@code parsed} the first time it is seen. */
  Accepted of(String header, Supplier<ParsedHeaderValues> parsed) {
    if (header.length() > MAX_HEADER_LENGTH) {
      return Accepted.of(parsed.get());
    }
    return byHeader.get(header, ignored -> Accepted.of(parsed.get()));
  }

  /** Entries held right now (for tests). */
  long size() {
    byHeader.cleanUp();
    return byHeader.estimatedSize();
  }
}
