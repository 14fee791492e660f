package dev.switchboard.bridge.deploy;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files as data. SnakeYAML (not Jackson) reads them: compose files share settings
 * through anchors and {@code <<} merge keys, which only a full YAML loader resolves.
 */
final class DeployFiles {
  /** The repository root: tests run in {@code bridge/}, the root holds {@code deploy/}. */
  static final Path ROOT = findRoot();

  static final Path CONTAINER = ROOT.resolve("deploy/container");
  static final Path KUBERNETES = ROOT.resolve("deploy/k8s");
  static final Path BASE = KUBERNETES.resolve("base");

  private DeployFiles() {}

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/container"))) {
      dir = dir.getParent();
    }
    assertNotNull(dir, "no deploy/container above " + Path.of("").toAbsolutePath());
    return dir;
  }

  static String read(Path file) {
    assertTrue(Files.isRegularFile(file), file + " does not exist");
    try {
      return Files.readString(file);
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  /** A YAML file holding one mapping. */
  static Map<String, Object> yaml(Path file) {
    return map(new Yaml().load(read(file)), file.toString());
  }

  /** Every document of a (multi-document) YAML file. */
  static List<Map<String, Object>> documents(Path file) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(read(file))) {
      if (document != null) {
        documents.add(map(document, file.toString()));
      }
    }
    return documents;
  }

  /** The value at a path of keys, or null when a key on the way is missing. */
  static Object at(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> mapping)) {
        return null;
      }
      current = mapping.get(key);
    }
    return current;
  }

  /** The mapping at a path of keys; fails naming the path when it is not one. */
  static Map<String, Object> mapAt(Object node, String... keys) {
    return map(at(node, keys), String.join(".", keys));
  }

  /** The list at a path of keys (empty when missing). */
  @SuppressWarnings("unchecked")
  static List<Object> listAt(Object node, String... keys) {
    Object value = at(node, keys);
    return value instanceof List<?> list ? (List<Object>) list : List.of();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String where) {
    assertTrue(node instanceof Map<?, ?>, where + " is not a mapping: " + node);
    return (Map<String, Object>) node;
  }

  /** An installed program (on the PATH, or in /usr/sbin where Debian puts haproxy). */
  static Optional<Path> program(String name) {
    for (String dir : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
      Path candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A duration as compose and HAProxy write it: {@code 30s}, {@code 1m}, {@code 1h}. */
  static Duration duration(String text) {
    return Durations.parse(text);
  }
}
