package dev.switchboard.bench;

import io.nats.client.Options;
import javax.net.ssl.SSLContext;

/** The NATS client options of the benchmark's processes. */
final class BenchNats {
  private BenchNats() {}

  /**
   * The same client options the bridge uses for its connection, so the floor and the bridge pay for
   * exactly the same NATS client behaviour (no-responders reported at once, requests written in
   * batches, reconnect forever). Change them here and in the bridge together, or the comparison is
   * no longer fair.
   */
  static Options options(String url, String connectionName) {
    return builder(url, connectionName).build();
  }

  /** The same, over TLS with {@code tls} (the {@code bridge_tls} target's responder). */
  static Options options(String url, String connectionName, SSLContext tls) {
    return builder(url, connectionName).sslContext(tls).build();
  }

  private static Options.Builder builder(String url, String connectionName) {
    return Options.builder()
        .server(url)
        .connectionName(connectionName)
        .reportNoResponders()
        .dontForceFlushOnRequest()
        .maxReconnects(-1);
  }
}
