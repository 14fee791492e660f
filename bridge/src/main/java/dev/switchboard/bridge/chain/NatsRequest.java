package dev.switchboard.bridge.chain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One NATS request as the chain sees it: a concrete subject, a body and headers. Immutable; an
 * interceptor that changes it makes a copy with {@link #withHeaders}.
 */
public final class NatsRequest {
  private final String subject;
  private final byte[] body;
  private final Map<String, String> headers;
  private final int batchSize;

  public NatsRequest(String subject, byte[] body) {
    this(subject, body, Map.of(), 0);
  }

  private NatsRequest(String subject, byte[] body, Map<String, String> headers, int batchSize) {
    this.subject = Objects.requireNonNull(subject, "subject");
    this.body = body == null ? new byte[0] : body;
    this.headers = headers;
    this.batchSize = batchSize;
  }

  /** A batched request ({@code batchKey}) for {@code keys} keys; audit records the count. */
  public static NatsRequest batch(String subject, byte[] body, int keys) {
    return new NatsRequest(subject, body, Map.of(), keys);
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

  /** Header values, already header-safe (see {@code HeaderValues}). */
  public Map<String, String> headers() {
    return headers;
  }

  /** A copy with these headers added (replacing same-named ones). */
  public NatsRequest withHeaders(Map<String, String> more) {
    Map<String, String> merged = new LinkedHashMap<>(headers.size() + more.size());
    merged.putAll(headers);
    merged.putAll(more);
    return new NatsRequest(subject, body, Collections.unmodifiableMap(merged), batchSize);
  }
}
