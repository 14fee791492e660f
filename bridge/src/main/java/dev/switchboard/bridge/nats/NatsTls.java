package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of one NATS connection: the server's certificate checked against {@code
 * tls.caFile} (or the JVM's trust store), the host name checked unless {@code tls.verifyHostname:
 * false}, and a client certificate for mutual TLS when {@code tls.certFile} and {@code tls.keyFile}
 * are set. Files are read now, at start, so a bad one stops start-up naming key and file; at each
 * reconnect they are read again and, when one changed, the context is made anew (a bad file then
 * keeps the last good context, see {@link RereadFiles}).
 */
final class NatsTls {
  private NatsTls() {}

  /**
   * @param key the config key prefix of the connection, e.g. {@code nats.}
   * @param config the connection; its {@code tls} null (a {@code tls://} URL alone) means defaults
   * @throws IllegalArgumentException naming key and file for an unusable file
   */
  static NatsTlsContext context(String key, NatsConfig config) {
    NatsConfig.Tls tls =
        config.tls() != null ? config.tls() : new NatsConfig.Tls(null, null, null, null);
    String tlsKey = key + "tls.";
    HandshakeWatch watch = new HandshakeWatch();
    RereadFiles<SSLContext> contexts =
        RereadFiles.of(files(tlsKey, tls), () -> initialized(tlsKey, tls, watch));
    TlsSockets sockets =
        tls.verifyHostname()
            ? TlsSockets.checkingHostname(() -> contexts.current().getSocketFactory(), watch)
            : TlsSockets.withoutHostnameCheck(() -> contexts.current().getSocketFactory(), watch);
    return new NatsTlsContext(
        contexts.current(), sockets, new TlsDiagnosis(tlsKey, tls, watch, config.connectTimeout()));
  }

  private static List<RereadFiles.Source> files(String tlsKey, NatsConfig.Tls tls) {
    List<RereadFiles.Source> files = new ArrayList<>();
    if (tls.caFile() != null) {
      files.add(new RereadFiles.Source(tlsKey + "caFile", tls.caFile()));
    }
    if (tls.certFile() != null) {
      files.add(new RereadFiles.Source(tlsKey + "certFile", tls.certFile()));
      files.add(new RereadFiles.Source(tlsKey + "keyFile", tls.keyFile()));
    }
    return files;
  }

  private static SSLContext initialized(String tlsKey, NatsConfig.Tls tls, HandshakeWatch watch) {
    KeyManager[] client = {
      tls.certFile() != null
          ? WatchingKeyManager.presenting(
              ClientIdentity.keyManager(tlsKey, tls.certFile(), tls.keyFile()), watch)
          : WatchingKeyManager.withoutCertificate(watch)
    };
    TrustManager[] trust = {ServerTrust.of(tlsKey, tls.caFile())};
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(client, trust, null);
      return context;
    } catch (GeneralSecurityException unsupported) {
      throw new IllegalStateException("the JVM offers no TLS context", unsupported);
    }
  }
}
