package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Tells why one connection's TLS handshake failed, in config terms: keys and files, never key
 * material.
 *
 * @param key the config key prefix, e.g. {@code nats.tls.}
 * @param attempt how long one connection attempt may take (a socket failing within it after the
 *     handshake failed that attempt)
 */
record TlsDiagnosis(String key, NatsConfig.Tls tls, HandshakeWatch watch, Duration attempt) {
  private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

  /** The handshake failed on our side (the server's certificate) or with the server's alert. */
  String explain(SSLException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ServerTrust.Explained explained) {
        return explained.getMessage();
      }
    }
    Matcher alert = ALERT.matcher(String.valueOf(failure.getMessage()));
    if (!alert.find()) {
      return String.valueOf(failure.getMessage());
    }
    return switch (alert.group(1)) {
      case "certificate_required",
          "bad_certificate",
          "unknown_ca",
          "certificate_unknown",
          "certificate_expired",
          "unsupported_certificate",
          "access_denied" ->
          clientCertificateRefused(alert.group(1));
      default -> "the server ended the handshake (" + alert.group(1) + ")";
    };
  }

  /**
   * A connection attempt that failed (broken pipe, no answer) right after a handshake in which the
   * server asked for a client certificate: with TLS 1.3 that is how a refused client certificate
   * looks to the client.
   */
  Optional<String> explainClosedAfterHandshake(Throwable failure) {
    if (!watch.refusedClientCertificate(attempt)) {
      return Optional.empty();
    }
    return Optional.of(
        clientCertificateRefused(
            "the connection failed after the handshake: " + failure.getClass().getSimpleName()));
  }

  private String clientCertificateRefused(String how) {
    if (tls.certFile() == null) {
      return "the server demands a client certificate (mutual TLS): set "
          + key
          + "certFile and "
          + key
          + "keyFile ("
          + how
          + ")";
    }
    return "the server refused the client certificate in "
        + key
        + "certFile ("
        + tls.certFile()
        + "): not signed by a CA the server trusts, expired, or not for client use ("
        + how
        + ")";
  }
}
