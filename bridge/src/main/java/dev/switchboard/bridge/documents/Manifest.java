package dev.switchboard.bridge.documents;

import dev.switchboard.bridge.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trusted documents of every manifest file, by id. Every id must be the SHA-256 of its
 * document: one that is not comes from a manifest made with another hash, or from an edited
 * document, and either way a client sending that id would run something else than it meant. The
 * same id may appear again (in one file or several) only with the same document. Read once at
 * start-up and never changed, so lookups need no lock.
 */
public final class Manifest {
  static final Manifest EMPTY = new Manifest(Map.of());
  private final Map<String, String> documents;

  private Manifest(Map<String, String> documents) {
    this.documents = documents;
  }

  /**
   * Reads and checks every file; any problem stops start-up naming the file and the entry. All of
   * them are named, one a line, so one run of {@code check} lists everything to fix.
   */
  public static Manifest load(List<String> files) throws ConfigException {
    Map<String, String> documents = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (String name : files) {
      Path file = Path.of(name);
      List<ManifestFile.Entry> entries;
      try {
        entries = ManifestFile.read(file);
      } catch (ConfigException unreadable) {
        problems.add(unreadable.getMessage());
        continue;
      }
      for (ManifestFile.Entry entry : entries) {
        String earlier = documents.get(entry.id());
        if (earlier != null && !earlier.equals(entry.document())) {
          problems.add(
              ManifestFile.invalid(
                      file,
                      entry.where()
                          + ": the id appears earlier ("
                          + origins.get(entry.id())
                          + ") with a different document")
                  .getMessage());
        } else if (earlier == null) {
          String wrongId = wrongId(file, entry);
          if (wrongId != null) {
            problems.add(wrongId);
            continue;
          }
          documents.put(entry.id(), entry.document());
          origins.put(entry.id(), file + " " + entry.where());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
    return new Manifest(Map.copyOf(documents));
  }

  /** Why the entry's id is not its document's, or null when it is. */
  private static String wrongId(Path file, ManifestFile.Entry entry) {
    String hash = Sha256.hex(entry.document());
    if (hash.equals(entry.id())) {
      return null;
    }
    return ManifestFile.invalid(
            file,
            entry.where()
                + ": the id is not the SHA-256 of its document (the document hashes to "
                + hash
                + ")")
        .getMessage();
  }

  /** The document with this (normalised) id, or null. */
  String document(String id) {
    return documents.get(id);
  }

  public int size() {
    return documents.size();
  }
}
