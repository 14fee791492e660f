package dev.switchboard.bridge.nats;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Turns on the JDK's hostname check for every socket it makes. jnats 2.26 upgrades its socket with
 * {@code createSocket(socket, host, port, true)} and never sets an endpoint identification
 * algorithm, so without this any certificate signed by a trusted CA would do for any host.
 */
final class HostnameCheckingSockets extends SSLSocketFactory {
  private final SSLSocketFactory sockets;

  HostnameCheckingSockets(SSLSocketFactory sockets) {
    this.sockets = sockets;
  }

  private static Socket checkingHostname(Socket socket) {
    if (socket instanceof SSLSocket ssl) {
      SSLParameters parameters = ssl.getSSLParameters();
      // the JDK's name for RFC 2818 matching: DNS names and IP addresses in the SAN
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
    }
    return socket;
  }

  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    return checkingHostname(sockets.createSocket(socket, host, port, autoClose));
  }

  @Override
  public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose)
      throws IOException {
    return checkingHostname(sockets.createSocket(socket, consumed, autoClose));
  }

  @Override
  public Socket createSocket() throws IOException {
    return checkingHostname(sockets.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return checkingHostname(sockets.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return checkingHostname(sockets.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return checkingHostname(sockets.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return checkingHostname(sockets.createSocket(address, port, localAddress, localPort));
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return sockets.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return sockets.getSupportedCipherSuites();
  }
}
