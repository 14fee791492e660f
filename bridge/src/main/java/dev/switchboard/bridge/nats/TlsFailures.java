package dev.switchboard.bridge.nats;

import io.nats.client.Connection;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Finds a TLS problem in an exception jnats reports, and says it in the config's terms. */
final class TlsFailures {
  private TlsFailures() {}

  /** The explanation, or empty when the failure has nothing to do with TLS. */
  static Optional<String> explain(Connection connection, Throwable failure) {
    TlsDiagnosis diagnosis =
        connection != null && connection.getOptions().getSslContext() instanceof NatsTlsContext ours
            ? ours.diagnosis()
            : null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException handshake) {
        return Optional.of(
            diagnosis != null
                ? diagnosis.explain(handshake)
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
      if ((cause instanceof IOException || cause instanceof TimeoutException)
          && diagnosis != null) {
        Optional<String> refused = diagnosis.explainClosedAfterHandshake(cause);
        if (refused.isPresent()) {
          return refused;
        }
      }
    }
    return Optional.empty();
  }

  /** The connection is up: what its handshake showed no longer explains failures. */
  static void connected(Connection connection) {
    diagnosis(connection).ifPresent(diagnosis -> diagnosis.watch().connected());
  }

  private static Optional<TlsDiagnosis> diagnosis(Connection connection) {
    return connection != null
            && connection.getOptions().getSslContext() instanceof NatsTlsContext ours
        ? Optional.of(ours.diagnosis())
        : Optional.empty();
  }
}
