package dev.switchboard.bridge.chain;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One NATS request as the chain sees it: a concrete subject, a body and headers. Immutable; an
 * interceptor that changes it makes a copy with {@link #withHeaders}.
 *
 * <p>Headers are kept as the layers the interceptors added, not merged at each step: every call
 * passes two or three header-adding interceptors, and merging copied the growing map at each (3% of
 * an authenticated request's samples). The transport walks the layers once ({@link
 * #forEachHeader}).
 */
public final class NatsRequest {
  @SuppressWarnings("unchecked")
  private static final Map<String, String>[] NO_HEADERS = new Map[0];

  private final String subject;
  private final byte[] body;
  private final Map<String, String>[] headers;
  private final int batchSize;

  public NatsRequest(String subject, byte[] body) {
    this(subject, body, NO_HEADERS, 0);
  }

  private NatsRequest(String subject, byte[] body, Map<String, String>[] headers, int batchSize) {
    this.subject = Objects.requireNonNull(subject, "subject");
    this.body = body == null ? new byte[0] : body;
    this.headers = headers;
    this.batchSize = batchSize;
  }

  /** A batched request ({@code batchKey}) for {@code keys} keys; audit records the count. */
  public static NatsRequest batch(String subject, byte[] body, int keys) {
    return new NatsRequest(subject, body, NO_HEADERS, keys);
  }

  /** How many keys a batched request carries; 0 for a request that is not batched. */
  public int batchSize() {
    return batchSize;
  }

  public String subject() {
    return subject;
  }

  /** The body; callers must not modify it. */
  public byte[] body() {
    return body;
  }

  /** Header values, already header-safe (see {@code HeaderValues}), merged into one map. */
  public Map<String, String> headers() {
    Map<String, String> merged = new LinkedHashMap<>();
    forEachHeader(merged::put);
    return Collections.unmodifiableMap(merged);
  }

  /**
   * Each header in the order the layers were added; a name added again comes again, later, and its
   * last value is the one that counts (as in {@link #headers}).
   */
  public void forEachHeader(BiConsumer<String, String> header) {
    for (Map<String, String> layer : headers) {
      layer.forEach(header);
    }
  }

  /**
   * A copy with these headers added (replacing same-named ones). The map is kept, not copied: the
   * caller hands over a map it no longer changes.
   */
  public NatsRequest withHeaders(Map<String, String> more) {
    Map<String, String>[] added = Arrays.copyOf(headers, headers.length + 1);
    added[headers.length] = Collections.unmodifiableMap(more);
    return new NatsRequest(subject, body, added, batchSize);
  }
}
