package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.config.NatsConfig;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The SSL context handed to jnats: an initialized JDK context whose sockets come from our factory
 * (the hostname check), and which remembers its config keys so that a handshake failure can be told
 * in their terms.
 */
final class NatsTlsContext extends SSLContext {
  private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");

  private final String key;
  private final NatsConfig.Tls tls;

  NatsTlsContext(SSLContext initialized, SSLSocketFactory sockets, String key, NatsConfig.Tls tls) {
    super(new Spi(initialized, sockets), initialized.getProvider(), initialized.getProtocol());
    this.key = key;
    this.tls = tls;
  }

  /** What went wrong in a handshake, for the log: never key material, only keys and files. */
  String explain(SSLException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ServerTrust.Explained explained) {
        return explained.getMessage();
      }
    }
    Matcher alert = ALERT.matcher(String.valueOf(failure.getMessage()));
    if (!alert.find()) {
      return failure.getMessage();
    }
    String name = alert.group(1);
    if (tls.certFile() == null
        && (name.equals("certificate_required") || name.equals("bad_certificate"))) {
      return "the server demands a client certificate (mutual TLS): set "
          + key
          + "certFile and "
          + key
          + "keyFile ("
          + name
          + ")";
    }
    return switch (name) {
      case "certificate_required", "bad_certificate", "unknown_ca", "certificate_unknown" ->
          "the server refused the client certificate in "
              + key
              + "certFile ("
              + tls.certFile()
              + "): not signed by a CA the server trusts, expired, or not for client use ("
              + name
              + ")";
      case "certificate_expired" ->
          "the server says the client certificate in "
              + key
              + "certFile ("
              + tls.certFile()
              + ") has expired ("
              + name
              + ")";
      default -> "the server ended the handshake (" + name + ")";
    };
  }

  /** Delegates to the initialized context, except for the sockets. */
  private static final class Spi extends SSLContextSpi {
    private final SSLContext context;
    private final SSLSocketFactory sockets;

    Spi(SSLContext context, SSLSocketFactory sockets) {
      this.context = context;
      this.sockets = sockets;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("already initialized");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return sockets;
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return context.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return context.createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return context.createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return context.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return context.getClientSessionContext();
    }
  }
}
