package dev.switchboard.bridge.nats;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sockets of one NATS connection's TLS: each turns on the JDK's hostname check (unless it is
 * switched off) and starts a new {@link HandshakeWatch}. jnats 2.26 upgrades its socket with {@code
 * createSocket(socket, host, port, true)} and never sets an endpoint identification algorithm, so
 * without this any certificate signed by a trusted CA would do for any host. The factory underneath
 * is asked for at each socket: it is made again when a TLS file changed.
 */
final class TlsSockets extends SSLSocketFactory {
  /** The JDK's name for RFC 2818 matching: DNS names and IP addresses in the SAN. */
  private static final String RFC_2818 = "HTTPS";

  private final Supplier<SSLSocketFactory> sockets;
  private final String endpointIdentification;
  private final HandshakeWatch watch;

  private TlsSockets(
      Supplier<SSLSocketFactory> sockets, String endpointIdentification, HandshakeWatch watch) {
    this.sockets = sockets;
    this.endpointIdentification = endpointIdentification;
    this.watch = watch;
  }

  static TlsSockets checkingHostname(Supplier<SSLSocketFactory> sockets, HandshakeWatch watch) {
    return new TlsSockets(sockets, RFC_2818, watch);
  }

  /** {@code tls.verifyHostname: false}: any name, as long as a trusted CA signed it. */
  static TlsSockets withoutHostnameCheck(Supplier<SSLSocketFactory> sockets, HandshakeWatch watch) {
    return new TlsSockets(sockets, null, watch);
  }

  private Socket watched(Socket socket) {
    if (socket instanceof SSLSocket ssl) {
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm(endpointIdentification);
      ssl.setSSLParameters(parameters);
      watch.started();
    }
    return socket;
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return watched(sockets.get().createSocket(socket, host, port, autoClose));
  }

  @Override
  public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose)
      throws IOException {
    return watched(sockets.get().createSocket(socket, consumed, autoClose));
  }

  @Override
  public Socket createSocket() throws IOException {
    return watched(sockets.get().createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return watched(sockets.get().createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return watched(sockets.get().createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return watched(sockets.get().createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return watched(sockets.get().createSocket(address, port, localAddress, localPort));
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return sockets.get().getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return sockets.get().getSupportedCipherSuites();
  }
}
