package dev.switchboard.bridge.config;

import java.time.Duration;

/**
 * Limits of live subscriptions (graphql-transport-ws over WebSocket, GraphQL over SSE, multipart).
 *
 * @param bufferSize events kept per subscription while its client is not reading; one more and the
 *     client is closed as too slow (rather than growing memory or slowing other clients)
 * @param maxPerConnection subscriptions one WebSocket connection may hold at once
 * @param initTimeout time a WebSocket client has to send connection_init (else 4408)
 * @param maxMessageBytes largest WebSocket message accepted from a client
 * @param keepAlive SSE comment interval that keeps proxies from closing an idle stream
 * @param jetStreamAckWait how long a stream publish waits for the server's acknowledgement per
 *     attempt
 * @param group core (non-stream) subscriptions with the same document, variables and caller share
 *     one execution and one encoding per event (default true; false: each runs on its own)
 * @param multipartHeartbeat interval of the empty {@code {}} parts of a multipart subscription
 *     (Apollo's clients expect one every 5 s); {@code keepAlive} when that is shorter, so an idle
 *     stream is never closed by {@code http.idleTimeout}
 */
public record SubscriptionsConfig(
    Integer bufferSize,
    Integer maxPerConnection,
    Duration initTimeout,
    Integer maxMessageBytes,
    Duration keepAlive,
    Duration jetStreamAckWait,
    Boolean group,
    Duration multipartHeartbeat) {

  public SubscriptionsConfig {
    bufferSize = bufferSize != null ? bufferSize : 256;
    maxPerConnection = maxPerConnection != null ? maxPerConnection : 100;
    initTimeout = initTimeout != null ? initTimeout : Duration.ofSeconds(5);
    maxMessageBytes = maxMessageBytes != null ? maxMessageBytes : 64 * 1024;
    keepAlive = keepAlive != null ? keepAlive : Duration.ofSeconds(15);
    jetStreamAckWait = jetStreamAckWait != null ? jetStreamAckWait : Duration.ofSeconds(2);
    group = group != null ? group : true;
    multipartHeartbeat = multipartHeartbeat != null ? multipartHeartbeat : Duration.ofSeconds(5);
  }

  /** The multipart heartbeat interval in effect: never longer than {@link #keepAlive}. */
  public Duration effectiveMultipartHeartbeat() {
    return multipartHeartbeat.compareTo(keepAlive) < 0 ? multipartHeartbeat : keepAlive;
  }

  static SubscriptionsConfig defaults() {
    return new SubscriptionsConfig(null, null, null, null, null, null, null, null);
  }
}
