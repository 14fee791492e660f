package dev.switchboard.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.NatsConfig;
import dev.switchboard.bridge.testing.TestCertificates;
import dev.switchboard.bridge.testing.TestCertificates.KeyKind;
import dev.switchboard.bridge.testing.TestCertificates.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The TLS files are read at start; a bad one stops start-up naming key and file, not content. */
class NatsTlsTest {
  @TempDir static Path dir;
  static TestCertificates ca;
  static Pair client;

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.create(dir, "Unit CA");
    client = ca.client("unit-client");
  }

  @ParameterizedTest
  @EnumSource(KeyKind.class)
  void context_readsTheKeyLayoutsOpensslWrites(KeyKind kind) {
    Pair pair = ca.client("layout-" + kind, kind);

    assertInstanceOf(
        NatsTlsContext.class, NatsTls.context("nats.", tls(ca.caFile(), pair.cert(), pair.key())));
  }

  @Test
  void context_withoutTlsBlock_usesTheJvmTrustStore() {
    assertInstanceOf(NatsTlsContext.class, NatsTls.context("nats.", withTls(null)));
  }

  @Test
  void keyOfAnotherCertificate_stopsStartUp_namingBothFilesButNoKeyMaterial() throws Exception {
    Path stranger = ca.key("stranger", KeyKind.EC_PKCS8);

    String message = refusal(tls(ca.caFile(), client.cert(), stranger));

    assertTrue(
        message.startsWith(
            "nats.tls.keyFile (" + stranger + ") does not belong to the certificate in"),
        message);
    assertTrue(message.contains("nats.tls.certFile (" + client.cert() + ")"), message);
    assertNoContentOf(stranger, message);
  }

  @Test
  void rsaKeyForAnEcCertificate_isAlsoAMismatch() {
    Path rsa = ca.key("rsa-stranger", KeyKind.RSA_PKCS1);

    assertTrue(refusal(tls(ca.caFile(), client.cert(), rsa)).contains("their public keys differ"));
  }

  @Test
  void caFileWithNoCertificate_namesTheKeyAndFile() throws Exception {
    String message = refusal(tls(client.key(), null, null));

    assertEquals(
        "nats.tls.caFile: "
            + client.key()
            + " holds no PEM certificate (a block starting with -----BEGIN CERTIFICATE-----)",
        message);
    assertNoContentOf(client.key(), message);
  }

  @Test
  void keyFileThatIsNoKey_namesTheKeyAndFile() {
    String message = refusal(tls(ca.caFile(), client.cert(), client.cert()));

    assertTrue(
        message.startsWith("nats.tls.keyFile: " + client.cert() + " holds no private key"),
        message);
  }

  @Test
  void encryptedKey_isRefusedWithAdvice() throws Exception {
    Path encrypted = dir.resolve("encrypted.key");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nTUlJQ2FrZQ==\n-----END ENCRYPTED PRIVATE KEY-----\n");

    assertTrue(refusal(tls(null, client.cert(), encrypted)).contains("is encrypted"));
  }

  @Test
  void missingFile_namesTheKey_ofANamedConnection() {
    Path missing = dir.resolve("missing.crt");
    NatsConfig tls = tls(missing, null, null);

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> NatsTls.context("nats.connections.orders.", tls));

    assertEquals(
        "nats.connections.orders.tls.caFile: cannot read " + missing + " (NoSuchFileException)",
        refused.getMessage());
  }

  @Test
  void secretFile_losesItsTrailingLineBreak() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret\r\n");

    assertEquals("s3cret", new String(SecretFiles.read("nats.tokenFile", token.toString())));
  }

  @Test
  void emptySecretFile_isRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecretFiles.read("nats.passwordFile", empty.toString()));

    assertEquals("nats.passwordFile: " + empty + " is empty", refused.getMessage());
  }

  private static NatsConfig tls(Path caFile, Path certFile, Path keyFile) {
    return withTls(new NatsConfig.Tls(text(caFile), text(certFile), text(keyFile), null));
  }

  private static NatsConfig withTls(NatsConfig.Tls tls) {
    return new NatsConfig(
        List.of("tls://127.0.0.1:4222"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        tls,
        null,
        null,
        null);
  }

  private static String text(Path file) {
    return file != null ? file.toString() : null;
  }

  private static String refusal(NatsConfig tls) {
    return assertThrows(IllegalArgumentException.class, () -> NatsTls.context("nats.", tls))
        .getMessage();
  }

  /** No line of the key's base64 body, nor its PEM label, shows in the message. */
  private static void assertNoContentOf(Path key, String message) throws Exception {
    List<String> lines = Files.readAllLines(key);
    for (String line : lines) {
      if (!line.isBlank() && !line.startsWith("-----")) {
        assertFalse(message.contains(line), "key material in: " + message);
      }
    }
    assertFalse(message.contains("PRIVATE KEY-----"), message);
  }
}
