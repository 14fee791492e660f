package dev.switchboard.bridge.nats;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.impl.KeyStoreHelper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client certificate and key of mutual TLS ({@code tls.certFile}, {@code tls.keyFile}). Vert.x
 * reads the key (PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE
 * KEY}); a key that does not belong to the certificate stops start-up here rather than failing
 * every handshake with an obscure alert.
 */
final class ClientIdentity {
  private static final Logger log = LoggerFactory.getLogger("dev.switchboard.bridge.nats");

  /** A signature algorithm per key algorithm, to prove key and certificate belong together. */
  private static final Map<String, String> PROOF =
      Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA", "Ed25519", "Ed25519");

  private ClientIdentity() {}

  /**
   * @param key the config key prefix, e.g. {@code nats.tls.}
   */
  static X509ExtendedKeyManager keyManager(String key, String certFile, String keyFile) {
    List<X509Certificate> chain = PemFiles.certificates(key + "certFile", certFile);
    byte[] keyPem = PemFiles.read(key + "keyFile", keyFile);
    String keyText = new String(keyPem, StandardCharsets.US_ASCII);
    if (keyText.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          key
              + "keyFile: "
              + keyFile
              + " is encrypted; give the key unencrypted (openssl pkey -in KEY -out PLAIN) and"
              + " protect the file instead");
    }
    KeyStore store;
    PrivateKey privateKey;
    try {
      // values, not paths: with no file to resolve Vert.x needs no Vertx instance
      PemKeyCertOptions pem =
          new PemKeyCertOptions()
              .setKeyValue(Buffer.buffer(keyPem))
              .setCertValue(Buffer.buffer(PemFiles.read(key + "certFile", certFile)));
      store = pem.loadKeyStore(null);
      privateKey = privateKey(store);
    } catch (Exception unreadable) {
      if (String.valueOf(unreadable.getMessage()).contains("does not match algorithm")) {
        // the JDK's KeyStore entry refuses an RSA key for an EC certificate (and vice versa)
        throw mismatch(key, certFile, keyFile);
      }
      // the parser's text is not shown: it could quote the file
      throw new IllegalArgumentException(
          key
              + "keyFile: "
              + keyFile
              + " holds no private key that can be read (PEM: PRIVATE KEY, RSA PRIVATE KEY or EC"
              + " PRIVATE KEY)");
    }
    requireSameKey(key, certFile, keyFile, privateKey, chain.get(0).getPublicKey());
    warnOutsideValidity(key, certFile, chain.get(0));
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, KeyStoreHelper.DUMMY_PASSWORD.toCharArray());
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509ExtendedKeyManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK offers no X.509 key manager");
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException(key + "keyFile: cannot use the key", impossible);
    }
  }

  private static PrivateKey privateKey(KeyStore store) throws GeneralSecurityException {
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        return (PrivateKey) store.getKey(alias, KeyStoreHelper.DUMMY_PASSWORD.toCharArray());
      }
    }
    throw new GeneralSecurityException("no key entry");
  }

  /** Signs with the private key and checks with the certificate's public key. */
  private static void requireSameKey(
      String key, String certFile, String keyFile, PrivateKey privateKey, PublicKey publicKey) {
    String algorithm = PROOF.get(privateKey.getAlgorithm());
    boolean same;
    if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
      same = false;
    } else if (algorithm == null) {
      return; // an unusual key type: the handshake will tell
    } else {
      try {
        byte[] probe = "switchboard key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        same = verifier.verify(signature);
      } catch (GeneralSecurityException differentCurveOrSize) {
        same = false;
      }
    }
    if (!same) {
      throw mismatch(key, certFile, keyFile);
    }
  }

  private static IllegalArgumentException mismatch(String key, String certFile, String keyFile) {
    return new IllegalArgumentException(
        key
            + "keyFile ("
            + keyFile
            + ") does not belong to the certificate in "
            + key
            + "certFile ("
            + certFile
            + "): their public keys differ");
  }

  /** Servers refuse such a certificate; say so at start, the handshake alert says less. */
  private static void warnOutsideValidity(String key, String certFile, X509Certificate cert) {
    try {
      cert.checkValidity();
    } catch (CertificateExpiredException expired) {
      log.warn(
          "{}certFile ({}): the client certificate expired on {}; servers will refuse it",
          key,
          certFile,
          cert.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException early) {
      log.warn(
          "{}certFile ({}): the client certificate is not valid before {}; servers will refuse"
              + " it",
          key,
          certFile,
          cert.getNotBefore().toInstant());
    }
  }
}
