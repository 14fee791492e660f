package dev.switchboard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The responder's TLS for the {@code bridge_tls} target: trusts the script's CA and presents a
 * client certificate (the nats-server there demands one), both PEM files made by bench.sh.
 */
final class BenchTls {
  private BenchTls() {}

  static SSLContext context(Path caFile, Path certFile, Path keyFile) throws Exception {
    KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
    cas.load(null, null);
    try (InputStream pem = Files.newInputStream(caFile)) {
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
        cas.setCertificateEntry("ca-" + i++, ca);
      }
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(cas);
    // values rather than paths: Vert.x then needs no Vertx instance to read them
    KeyManagerFactory keys =
        new PemKeyCertOptions()
            .setCertValue(Buffer.buffer(Files.readAllBytes(certFile)))
            .setKeyValue(Buffer.buffer(Files.readAllBytes(keyFile)))
            .getKeyManagerFactory(null);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }
}
