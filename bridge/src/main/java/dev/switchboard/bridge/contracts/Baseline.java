package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The earlier version {@code diff} compares against, as SDL files: an SDL file, a config file (its
 * {@code schema.files}), a directory (its {@code switchboard.yaml}, else its {@code .graphql}
 * files), or {@code REV:path}, that file as git revision REV has it ({@code git show}, run in
 * {@code repository}; a config's schema files are read from the same revision).
 */
public final class Baseline {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final long GIT_TIMEOUT_SECONDS = 30;

  private Baseline() {}

  /**
   * @param against as given on the command line
   * @param repository where git runs for {@code REV:path}
   * @param scratch an empty directory for the files read from git
   * @return the SDL files to load
   */
  public static List<String> files(String against, Path repository, Path scratch)
      throws IOException {
    Path local = Path.of(against);
    if (Files.exists(local)) {
      return localFiles(local);
    }
    int colon = against.indexOf(':');
    if (colon <= 0 || colon == against.length() - 1) {
      throw new IOException(against + ": no such file, and not REV:path");
    }
    String revision = against.substring(0, colon);
    String path = against.substring(colon + 1);
    String text = gitShow(repository, revision, path);
    if (!isConfig(path)) {
      return List.of(write(scratch, path, text));
    }
    List<String> files = new ArrayList<>();
    String directory = parentOf(path);
    for (String file : schemaFiles(text, path)) {
      String inRepository = directory.isEmpty() ? file : directory + "/" + file;
      files.add(write(scratch, inRepository, gitShow(repository, revision, inRepository)));
    }
    return files;
  }

  private static List<String> localFiles(Path local) throws IOException {
    if (Files.isDirectory(local)) {
      Path config = local.resolve("switchboard.yaml");
      if (Files.exists(config)) {
        return localFiles(config);
      }
      try (Stream<Path> listed = Files.list(local)) {
        List<String> sdl =
            listed
                .filter(file -> file.toString().matches(".*\\.graphqls?$"))
                .sorted()
                .map(Path::toString)
                .toList();
        if (sdl.isEmpty()) {
          throw new IOException(local + ": no switchboard.yaml and no .graphql files");
        }
        return sdl;
      }
    }
    if (!isConfig(local.toString())) {
      return List.of(local.toString());
    }
    Path directory = local.toAbsolutePath().getParent();
    return schemaFiles(Files.readString(local), local.toString()).stream()
        .map(file -> file.startsWith("classpath:") ? file : directory.resolve(file).toString())
        .toList();
  }

  private static List<String> schemaFiles(String config, String name) throws IOException {
    JsonNode files = YAML.readTree(config).path("schema").path("files");
    if (!files.isArray() || files.isEmpty()) {
      throw new IOException(name + ": schema.files is missing");
    }
    List<String> names = new ArrayList<>();
    files.forEach(file -> names.add(file.asText()));
    return names;
  }

  private static String gitShow(Path repository, String revision, String path) throws IOException {
    // stderr goes to a file: reading one pipe to its end while the other fills could hang
    Path errors = Files.createTempFile("switchboard-git", ".err");
    try {
      Process git =
          new ProcessBuilder("git", "-C", repository.toString(), "show", revision + ":" + path)
              .redirectError(errors.toFile())
              .start();
      git.getOutputStream().close();
      byte[] out = git.getInputStream().readAllBytes();
      if (!git.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || git.exitValue() != 0) {
        git.destroyForcibly();
        throw new IOException(
            "git show " + revision + ":" + path + " failed: " + Files.readString(errors).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running git", interrupted);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  /** Keeps the file's name (messages name it), under a directory per revision read. */
  private static String write(Path scratch, String path, String text) throws IOException {
    Path file = scratch.resolve(path.replace("..", "__").replaceFirst("^[./]+", ""));
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file.toString();
  }

  private static boolean isConfig(String path) {
    return path.endsWith(".yaml") || path.endsWith(".yml");
  }

  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
