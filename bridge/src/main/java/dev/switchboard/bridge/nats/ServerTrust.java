package dev.switchboard.bridge.nats;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks the server's certificate with the JDK's trust manager and, when it refuses, says why in
 * terms of the config: which CA source did not sign it, that it expired, or that it does not name
 * the host. The chain is checked first without the host, so a name mismatch is told apart.
 */
final class ServerTrust extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager jdk;
  private final String trusted;
  private final String verifyHostnameKey;

  private ServerTrust(X509ExtendedTrustManager jdk, String trusted, String verifyHostnameKey) {
    this.jdk = jdk;
    this.trusted = trusted;
    this.verifyHostnameKey = verifyHostnameKey;
  }

  /**
   * @param key the config key prefix, e.g. {@code nats.tls.}
   * @param caFile the CAs to trust; null means the JVM's trust store
   */
  static ServerTrust of(String key, String caFile) {
    try {
      KeyStore store = null;
      if (caFile != null) {
        List<X509Certificate> cas = PemFiles.certificates(key + "caFile", caFile);
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
          store.setCertificateEntry("ca-" + i, cas.get(i));
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager jdk) {
          String trusted =
              caFile != null
                  ? "a CA in " + key + "caFile (" + caFile + ")"
                  : "a CA of the JVM's trust store (set " + key + "caFile to your CA)";
          return new ServerTrust(jdk, trusted, key + "verifyHostname");
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException | IOException unusable) {
      throw new IllegalArgumentException(
          key + "caFile: " + caFile + " cannot be used as a trust store");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkChain(chain, authType);
    try {
      jdk.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException refused) {
      if (!(socket instanceof SSLSocket ssl)
          || ssl.getSSLParameters().getEndpointIdentificationAlgorithm() == null) {
        // the chain passed and no host name was checked: a constraint of the JDK's
        throw new Explained(
            "the server's certificate was refused: " + refused.getMessage(), refused);
      }
      String host =
          ssl.getHandshakeSession() != null
              ? ssl.getHandshakeSession().getPeerHost()
              : "the server";
      throw new Explained(
          "the server's certificate names "
              + names(chain[0])
              + ", not "
              + host
              + "; connect by a name it has, or set "
              + verifyHostnameKey
              + ": false",
          refused);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkChain(chain, authType);
    jdk.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkChain(chain, authType);
  }

  private void checkChain(X509Certificate[] chain, String authType) throws CertificateException {
    try {
      jdk.checkServerTrusted(chain, authType);
    } catch (CertificateException refused) {
      X509Certificate server = chain[0];
      String subject = server.getSubjectX500Principal().getName();
      if (causedBy(refused, CertificateExpiredException.class)) {
        throw new Explained(
            "a certificate of the server's chain has expired (server: "
                + subject
                + ", valid until "
                + server.getNotAfter().toInstant()
                + ")",
            refused);
      }
      if (causedBy(refused, CertificateNotYetValidException.class)) {
        throw new Explained(
            "a certificate of the server's chain is not valid yet (server: "
                + subject
                + ", valid from "
                + server.getNotBefore().toInstant()
                + ")",
            refused);
      }
      throw new Explained(
          "the server's certificate ("
              + subject
              + ", issued by "
              + server.getIssuerX500Principal().getName()
              + ") is not signed by "
              + trusted,
          refused);
    }
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static String names(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null || names.isEmpty()) {
        return "no host (it has no subject alternative names)";
      }
      return names.stream().map(ServerTrust::describe).collect(Collectors.joining(", "));
    } catch (CertificateParsingException unreadable) {
      return "no readable host";
    }
  }

  /** A subject alternative name as openssl prints it: {@code DNS:localhost}, {@code IP:...}. */
  private static String describe(List<?> name) {
    String kind =
        switch ((Integer) name.get(0)) {
          case 2 -> "DNS:";
          case 7 -> "IP:";
          default -> "other:";
        };
    return kind + name.get(1);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    jdk.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return jdk.getAcceptedIssuers();
  }

  /** A refusal already phrased for the operator; the log shows its message as it is. */
  static final class Explained extends CertificateException {
    Explained(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
