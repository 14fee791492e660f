package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of one NATS connection: the server's certificate checked against {@code
 * tls.caFile} (or the JVM's trust store), the host name checked unless {@code tls.verifyHostname:
 * false}, and a client certificate for mutual TLS when {@code tls.certFile} and {@code tls.keyFile}
 * are set. Files are read now, at start, so a bad one stops start-up naming key and file.
 */
final class NatsTls {
  private NatsTls() {}

  /**
   * @param key the config key prefix of the connection, e.g. {@code nats.}
   * @param tls the TLS block; null (a {@code tls://} URL alone) means the defaults
   * @throws IllegalArgumentException naming key and file for an unusable file
   */
  static NatsTlsContext context(String key, NatsConfig.Tls tls) {
    NatsConfig.Tls settings = tls != null ? tls : new NatsConfig.Tls(null, null, null, null);
    String tlsKey = key + "tls.";
    KeyManager[] client =
        settings.certFile() != null
            ? ClientIdentity.keyManagers(tlsKey, settings.certFile(), settings.keyFile())
            : null;
    TrustManager[] trust = {ServerTrust.of(tlsKey, settings.caFile())};
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(client, trust, null);
      SSLSocketFactory sockets =
          settings.verifyHostname()
              ? new HostnameCheckingSockets(context.getSocketFactory())
              : context.getSocketFactory();
      return new NatsTlsContext(context, sockets, tlsKey, settings);
    } catch (GeneralSecurityException unsupported) {
      throw new IllegalStateException("the JVM offers no TLS context", unsupported);
    }
  }
}
