package dev.switchboard.bridge.nats;

import io.nats.client.Connection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/** Finds a TLS problem in an exception jnats reports, and says it in the config's terms. */
final class TlsFailures {
  private TlsFailures() {}

  /** The explanation, or empty when the failure has nothing to do with TLS. */
  static Optional<String> explain(Connection connection, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException handshake) {
        SSLContext context = connection != null ? connection.getOptions().getSslContext() : null;
        return Optional.of(
            context instanceof NatsTlsContext ours
                ? ours.explain(handshake)
                : String.valueOf(handshake.getMessage()));
      }
      // jnats's own words when one side wants TLS and the other does not offer it
      if ("SSL required by server.".equals(cause.getMessage())) {
        return Optional.of("the server requires TLS: use tls:// URLs or set nats.tls");
      }
      if ("SSL connection wanted by client.".equals(cause.getMessage())) {
        return Optional.of(
            "the server does not offer TLS, but the URL is tls:// or nats.tls is set");
      }
    }
    return Optional.empty();
  }
}
