package dev.switchboard.bridge.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA made at test time with the {@code openssl} CLI (OpenSSL 3), and the certificates it
 * signs: servers (with the names given), clients, and an expired client. Nothing is checked in, so
 * nothing expires in the repository.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.create(dir, "Test CA");
 * Pair server = ca.server("server", "IP:127.0.0.1", "DNS:localhost");
 * Pair client = ca.client("bridge");
 * }</pre>
 */
public final class TestCertificates {
  /** The PEM layouts a private key comes in; openssl 3 writes PKCS#8 by default. */
  public enum KeyKind {
    EC_PKCS8,
    RSA_PKCS8,
    RSA_PKCS1,
    /** {@code openssl ecparam -genkey}: an EC PARAMETERS block, then EC PRIVATE KEY (SEC1). */
    EC_SEC1
  }

  /** A certificate and its private key, as PEM files. */
  public record Pair(Path cert, Path key) {}

  private final Path dir;
  private final Pair ca;

  private TestCertificates(Path dir, Pair ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /** A new self-signed CA called {@code name}, its files under {@code dir}. */
  public static TestCertificates create(Path dir, String name) {
    Path own = dir.resolve(name.replaceAll("\\W", "_"));
    try {
      Files.createDirectories(own);
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
    Path key = key(own, "ca", KeyKind.EC_PKCS8);
    Path cert = own.resolve("ca.crt");
    openssl(
        own,
        "req",
        "-x509",
        "-new",
        "-key",
        key.toString(),
        "-subj",
        "/CN=" + name,
        "-days",
        "2",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
        "-out",
        cert.toString());
    return new TestCertificates(own, new Pair(cert, key));
  }

  /** The CA's certificate, for {@code ca_file} / {@code nats.tls.caFile}. */
  public Path caFile() {
    return ca.cert();
  }

  /**
   * A server certificate for the subject alternative names given ({@code IP:...}, {@code DNS:...}).
   */
  public Pair server(String name, String... subjectAltNames) {
    String names = String.join(",", subjectAltNames);
    return sign(
        name, KeyKind.EC_PKCS8, "subjectAltName=" + names + "\nextendedKeyUsage=serverAuth\n");
  }

  /** A client certificate for mutual TLS, its key in the PEM layout given. */
  public Pair client(String name, KeyKind kind) {
    return sign(name, kind, "extendedKeyUsage=clientAuth\n");
  }

  public Pair client(String name) {
    return client(name, KeyKind.EC_PKCS8);
  }

  /**
   * A client certificate valid only on 1 January 2020. OpenSSL 3.0's {@code x509 -req} cannot set
   * the start date; {@code openssl ca} can.
   */
  public Pair expiredClient(String name) {
    Path key = key(dir, name, KeyKind.EC_PKCS8);
    Path csr = request(name, key);
    write("index.txt", "");
    write("serial", "1000\n");
    write("ext-" + name, "extendedKeyUsage=clientAuth\n");
    write(
        "ca.cnf",
        """
        [ ca ]
        default_ca = test
        [ test ]
        database = index.txt
        new_certs_dir = .
        serial = serial
        default_md = sha256
        policy = any
        unique_subject = no
        [ any ]
        commonName = supplied
        """);
    Path cert = dir.resolve(name + ".crt");
    openssl(
        dir,
        "ca",
        "-batch",
        "-config",
        "ca.cnf",
        "-cert",
        ca.cert().toString(),
        "-keyfile",
        ca.key().toString(),
        "-in",
        csr.toString(),
        "-out",
        cert.toString(),
        "-notext",
        "-startdate",
        "20200101000000Z",
        "-enddate",
        "20200102000000Z",
        "-extfile",
        "ext-" + name);
    return new Pair(cert, key);
  }

  /**
   * A client-side SSL context that trusts this CA and, for mutual TLS, presents {@code client}: for
   * the services of a test. (jnats checks no host names; the bridge's own context does.)
   */
  public SSLContext clientContext(Pair client) {
    try {
      KeyManagerFactory keys =
          new PemKeyCertOptions()
              .setCertValue(Buffer.buffer(Files.readAllBytes(client.cert())))
              .setKeyValue(Buffer.buffer(Files.readAllBytes(client.key())))
              .getKeyManagerFactory(null);
      KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
      cas.load(null, null);
      try (InputStream pem = Files.newInputStream(ca.cert())) {
        cas.setCertificateEntry(
            "ca", CertificateFactory.getInstance("X.509").generateCertificate(pem));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(cas);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (Exception unusable) {
      throw new IllegalStateException("cannot make a client SSL context", unusable);
    }
  }

  /** A new private key alone (e.g. one that belongs to no certificate). */
  public Path key(String name, KeyKind kind) {
    return key(dir, name, kind);
  }

  private Pair sign(String name, KeyKind kind, String extensions) {
    Path key = key(dir, name, kind);
    Path csr = request(name, key);
    Path ext = write("ext-" + name, extensions);
    Path cert = dir.resolve(name + ".crt");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.cert().toString(),
        "-CAkey",
        ca.key().toString(),
        "-set_serial",
        Long.toString(System.nanoTime()),
        "-days",
        "2",
        "-extfile",
        ext.toString(),
        "-out",
        cert.toString());
    return new Pair(cert, key);
  }

  private Path request(String name, Path key) {
    Path csr = dir.resolve(name + ".csr");
    openssl(
        dir, "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
    return csr;
  }

  private static Path key(Path dir, String name, KeyKind kind) {
    Path key = dir.resolve(name + ".key");
    switch (kind) {
      case EC_PKCS8 ->
          openssl(
              dir,
              "genpkey",
              "-algorithm",
              "EC",
              "-pkeyopt",
              "ec_paramgen_curve:P-256",
              "-out",
              key.toString());
      case RSA_PKCS8 ->
          openssl(
              dir,
              "genpkey",
              "-algorithm",
              "RSA",
              "-pkeyopt",
              "rsa_keygen_bits:2048",
              "-out",
              key.toString());
      case RSA_PKCS1 -> {
        Path pkcs8 = dir.resolve(name + ".pkcs8.key");
        openssl(
            dir,
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            pkcs8.toString());
        openssl(dir, "pkey", "-in", pkcs8.toString(), "-traditional", "-out", key.toString());
      }
      case EC_SEC1 ->
          openssl(dir, "ecparam", "-genkey", "-name", "prime256v1", "-out", key.toString());
    }
    return key;
  }

  private Path write(String file, String text) {
    try {
      return Files.writeString(dir.resolve(file), text);
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
  }

  private static void openssl(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl failed: " + command + "\n" + output);
      }
    } catch (IOException cannotRun) {
      throw new UncheckedIOException("openssl is needed to make test certificates", cannotRun);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }
}
