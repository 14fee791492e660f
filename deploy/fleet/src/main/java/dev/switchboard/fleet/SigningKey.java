package dev.switchboard.fleet;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the identity signing key every bridge replica shares (an EC P-256 private JWK), unless the
 * file exists: replicas that signed with keys of their own would each publish a different JWKS, and
 * a service that fetched one replica's keys would refuse the envelopes of the others.
 */
final class SigningKey {
  private SigningKey() {}

  static void main(Args args) throws Exception {
    Path file = Path.of(args.required("--out"));
    if (Files.exists(file)) {
      System.out.println("kept " + file);
      return;
    }
    ECKey key =
        new ECKeyGenerator(Curve.P_256)
            .keyUse(KeyUse.SIGNATURE)
            .keyIDFromThumbprint(true)
            .generate();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, key.toJSONString());
    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
    Files.move(partial, file);
    System.out.println("wrote " + file + " (kid " + key.getKeyID() + ")");
  }
}
