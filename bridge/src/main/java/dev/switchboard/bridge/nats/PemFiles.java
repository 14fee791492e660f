package dev.switchboard.bridge.nats;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Reads the PEM files of a TLS block. Every failure names the config key and the file, never what
 * the file holds: a key file given by mistake as a certificate must not end up in a log.
 */
final class PemFiles {
  private PemFiles() {}

  /**
   * @param key the config key, e.g. {@code nats.tls.caFile}, for messages
   */
  static byte[] read(String key, String file) {
    try {
      return Files.readAllBytes(Path.of(file));
    } catch (IOException unreadable) {
      throw new IllegalArgumentException(
          key + ": cannot read " + file + " (" + unreadable.getClass().getSimpleName() + ")");
    }
  }

  /**
   * The certificates of a PEM file (the JDK reads PEM), in file order.
   *
   * @throws IllegalArgumentException naming key and file when it holds none
   */
  static List<X509Certificate> certificates(String key, String file) {
    byte[] pem = read(key, file);
    List<X509Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (CertificateException notPem) {
      certificates = List.of();
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(
          key
              + ": "
              + file
              + " holds no PEM certificate (a block starting with -----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }
}
