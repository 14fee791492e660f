package dev.switchboard.bridge.identity;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.switchboard.bridge.config.IdentityConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Key files and configs for the key rotation tests, and a clock the test moves. */
final class TestKeys {
  private final Path dir;

  TestKeys(Path dir) {
    this.dir = dir;
  }

  static ECKey key(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }

  /** A private key file named after its kid. */
  Path file(String kid) throws Exception {
    return write(kid + ".json", key(kid).toJSONString());
  }

  Path write(String name, String json) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file;
  }

  static IdentityConfig config(Duration ttl, Path active, Path... published) {
    return new IdentityConfig(
        true,
        null,
        null,
        ttl,
        null,
        active.toString(),
        List.of(published).stream().map(Path::toString).toList(),
        null,
        null);
  }

  /** A clock that stands still until the test moves it. */
  static final class MovingClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** The real time, plus what the test skips ahead: envelopes stay valid for a real verifier. */
  static final class RunningClock extends Clock {
    private volatile Duration skipped = Duration.ZERO;

    void advance(Duration by) {
      skipped = skipped.plus(by);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(skipped);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
