package dev.switchboard.bridge.testing;

import dev.switchboard.bridge.Bridge;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.reload.ConfigSource;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real bridge on a free loopback port, in front of a real nats-server, with a schema written for
 * one test. Talk to it with {@link #client()}.
 */
public final class TestBridge implements AutoCloseable {
  private final Bridge bridge;
  private final Path dir;
  private final GraphQLClient client;

  private TestBridge(Bridge bridge, Path dir) {
    this.bridge = bridge;
    this.dir = dir;
    this.client = new GraphQLClient(bridge.port());
  }

  /** A bridge serving {@code sdl}, connected to {@code nats}, with default settings. */
  public static TestBridge start(LocalNatsServer nats, String sdl) {
    return start(nats, sdl, "");
  }

  /**
   * @param extraYaml more config (YAML), e.g. {@code "dev: true"} or a {@code requests:} section
   */
  public static TestBridge start(LocalNatsServer nats, String sdl, String extraYaml) {
    return start(nats, sdl, extraYaml, Map.of());
  }

  /**
   * @param env {@code SWITCHBOARD_*} overrides, merged over the YAML the way the launcher merges
   *     the process environment; the way to change a key of the {@code http:} section this class
   *     writes, e.g. {@code SWITCHBOARD_HTTP_MAX_BODY_BYTES=1024}
   */
  public static TestBridge start(
      LocalNatsServer nats, String sdl, String extraYaml, Map<String, String> env) {
    return withNats(natsSection(nats), sdl, extraYaml, env);
  }

  /**
   * A bridge whose {@code nats:} section the test writes itself (named connections, TLS...).
   *
   * @param natsYaml the whole {@code nats:} section
   */
  public static TestBridge withNats(
      String natsYaml, String sdl, String extraYaml, Map<String, String> env) {
    return connected(connecting(natsYaml, sdl, extraYaml, env, router -> {}));
  }

  /**
   * A bridge with more HTTP routes next to its own (a test's probe handler, on the bridge's event
   * loops).
   */
  public static TestBridge withRoutes(
      LocalNatsServer nats,
      String sdl,
      String extraYaml,
      Map<String, String> env,
      Consumer<Router> routes) {
    return connected(connecting(natsSection(nats), sdl, extraYaml, env, routes));
  }

  private static TestBridge connected(TestBridge started) {
    try {
      if (!started.bridge.awaitNats(Duration.ofSeconds(10))) {
        started.close();
        throw new IllegalStateException("the bridge did not connect to NATS");
      }
      return started;
    } catch (InterruptedException interrupted) {
      started.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the bridge connected", interrupted);
    }
  }

  /**
   * Like {@link #start(LocalNatsServer, String, String, Map)}, but returns while the bridge is
   * still connecting: for tests of a bridge that cannot reach NATS (TLS refused, wrong secret).
   */
  public static TestBridge startConnecting(
      LocalNatsServer nats, String sdl, String extraYaml, Map<String, String> env) {
    return connecting(natsSection(nats), sdl, extraYaml, env, router -> {});
  }

  private static String natsSection(LocalNatsServer nats) {
    return """
        nats:
          urls: ["%s"]
        """
        .formatted(nats.url());
  }

  private static TestBridge connecting(
      String natsYaml,
      String sdl,
      String extraYaml,
      Map<String, String> env,
      Consumer<Router> routes) {
    try {
      Path dir = Files.createTempDirectory("switchboard-test-");
      Files.writeString(dir.resolve("schema.graphql"), sdl);
      String yaml =
          """
          http:
            host: 127.0.0.1
            port: 0
            eventLoops: 2
          schema:
            files: ["schema.graphql"]
          """
              + natsYaml
              + extraYaml;
      BridgeConfig config = ConfigLoader.parse(yaml, dir, env, "test config");
      Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
      return new TestBridge(Bridge.start(config, new ConfigFileSource(file, env), routes), dir);
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    } catch (Exception failed) {
      throw new IllegalStateException("test bridge did not start: " + failed.getMessage(), failed);
    }
  }

  /**
   * A bridge with a config the test built itself (e.g. loaded from a file, to derive something else
   * from the same config); its files are the test's to clean up.
   */
  public static TestBridge start(BridgeConfig config) {
    try {
      Bridge bridge = Bridge.start(config);
      if (!bridge.awaitNats(Duration.ofSeconds(10))) {
        bridge.close();
        throw new IllegalStateException("the bridge did not connect to NATS");
      }
      return new TestBridge(bridge, null);
    } catch (Exception failed) {
      throw new IllegalStateException("test bridge did not start: " + failed.getMessage(), failed);
    }
  }

  /**
   * A file of this bridge's config directory ({@code config.yaml}, {@code schema.graphql}), for
   * tests that change them and reload; the YAML there is what the test passed, before the {@code
   * env} overrides, which a reload applies again.
   */
  public Path file(String name) {
    if (dir == null) {
      throw new IllegalStateException("this bridge was started from a config object");
    }
    return dir.resolve(name);
  }

  /** Where a reload reads the config: the file, with the same environment overrides. */
  private record ConfigFileSource(Path path, Map<String, String> env) implements ConfigSource {
    @Override
    public BridgeConfig read() throws ConfigException {
      return ConfigLoader.load(path, env);
    }

    @Override
    public Optional<Path> file() {
      return Optional.of(path);
    }
  }

  /** {@code /readyz}'s status: 200 when connected to NATS, 503 otherwise. */
  public int readyzStatus() {
    return client.send("GET", "/readyz", null, Map.of()).status();
  }

  public GraphQLClient client() {
    return client;
  }

  public int port() {
    return bridge.port();
  }

  public Bridge bridge() {
    return bridge;
  }

  @Override
  public void close() {
    bridge.close();
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files left behind are harmless
    }
  }
}
