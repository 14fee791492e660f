package dev.switchboard.bridge.nats;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
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
  private final TlsDiagnosis diagnosis;

  NatsTlsContext(SSLContext initialized, SSLSocketFactory sockets, TlsDiagnosis diagnosis) {
    super(new Spi(initialized, sockets), initialized.getProvider(), initialized.getProtocol());
    this.diagnosis = diagnosis;
  }

  TlsDiagnosis diagnosis() {
    return diagnosis;
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
