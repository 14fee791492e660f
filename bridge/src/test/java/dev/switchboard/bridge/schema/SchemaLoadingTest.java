package dev.switchboard.bridge.schema;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The schema tests' ground: SDL written to a temporary file and loaded as the bridge loads it. */
abstract class SchemaLoadingTest {
  /** What an empty config file gives: 5s timeout, 2 retries. */
  static final RequestsConfig DEFAULTS = new RequestsConfig(null, null, null, null);

  static final FetcherFactory NO_FETCHER = binding -> env -> null;

  @TempDir Path dir;

  String file(String name, String sdl) throws IOException {
    return Files.writeString(dir.resolve(name), sdl).toString();
  }

  LoadedSchema load(String sdl) throws Exception {
    return SchemaLoader.load(List.of(file("schema.graphql", sdl)), DEFAULTS, NO_FETCHER);
  }

  /** Loads the SDL expecting a failure; returns the message. */
  String failure(String sdl) throws IOException {
    String path = file("schema.graphql", sdl);
    return assertThrows(
            SchemaException.class, () -> SchemaLoader.load(List.of(path), DEFAULTS, NO_FETCHER))
        .getMessage();
  }

  /** How a problem on {@code line} of schema.graphql starts. */
  String at(int line) {
    return dir.resolve("schema.graphql") + ":" + line + ": ";
  }

  static void assertStartsWith(String expected, String actual) {
    assertTrue(
        actual.startsWith(expected),
        () -> "expected to start with <" + expected + "> but was <" + actual + ">");
  }

  static void assertContains(String expected, String actual) {
    assertTrue(
        actual.contains(expected),
        () -> "expected to contain <" + expected + "> but was <" + actual + ">");
  }
}
