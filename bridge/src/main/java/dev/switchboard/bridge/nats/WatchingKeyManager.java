package dev.switchboard.bridge.nats;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the client certificate, if there is one, and notes that the server asked for it (the JDK
 * asks the key manager only when the server sends a certificate request).
 */
final class WatchingKeyManager extends X509ExtendedKeyManager {
  private final X509ExtendedKeyManager keys; // null: no client certificate configured
  private final HandshakeWatch watch;

  private WatchingKeyManager(X509ExtendedKeyManager keys, HandshakeWatch watch) {
    this.keys = keys;
    this.watch = watch;
  }

  static WatchingKeyManager presenting(X509ExtendedKeyManager keys, HandshakeWatch watch) {
    return new WatchingKeyManager(keys, watch);
  }

  static WatchingKeyManager withoutCertificate(HandshakeWatch watch) {
    return new WatchingKeyManager(null, watch);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    watch.clientCertificateAsked();
    return keys != null ? keys.chooseClientAlias(keyType, issuers, socket) : null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    watch.clientCertificateAsked();
    return keys != null ? keys.chooseEngineClientAlias(keyType, issuers, engine) : null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return keys != null ? keys.getClientAliases(keyType, issuers) : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return keys != null ? keys.getCertificateChain(alias) : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return keys != null ? keys.getPrivateKey(alias) : null;
  }

  /** The bridge is never a TLS server. */
  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
