package dev.switchboard.bridge.nats;

import java.time.Duration;

/**
 * Whether the server asked this connection for a client certificate in its last handshake. With TLS
 * 1.3 a server that refuses the client certificate (or its absence) does so after the client's side
 * of the handshake is done; jnats then reports a broken pipe or a timeout waiting for the server's
 * first answer (the alert itself it keeps to itself while connecting). This is how that failure
 * gets its real name.
 */
final class HandshakeWatch {
  private volatile long askedAt;

  /** A new socket: forget the last handshake. */
  void started() {
    askedAt = 0;
  }

  void clientCertificateAsked() {
    askedAt = System.nanoTime();
  }

  /** The connection is up: a later failure is not about this handshake. */
  void connected() {
    askedAt = 0;
  }

  /**
   * The server asked for a client certificate, the connection never came up, and the attempt failed
   * soon after (within its time, plus slack for the report to arrive): the server refused the
   * certificate, or its absence.
   */
  boolean refusedClientCertificate(Duration attempt) {
    long at = askedAt;
    long slack = Duration.ofSeconds(1).toNanos();
    return at != 0 && System.nanoTime() - at < attempt.toNanos() + slack;
  }
}
