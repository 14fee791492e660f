package dev.switchboard.bridge.documents;

import dev.switchboard.bridge.config.ConfigException;
import java.nio.file.Path;
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

  /** Reads and checks every file; the first problem stops start-up with the file and the entry. */
  public static Manifest load(List<String> files) throws ConfigException {
    Map<String, String> documents = new HashMap<>();
    Map<String, String> origins = new HashMap<>();
    for (String name : files) {
      Path file = Path.of(name);
      for (ManifestFile.Entry entry : ManifestFile.read(file)) {
        String earlier = documents.get(entry.id());
        if (earlier != null && !earlier.equals(entry.document())) {
          throw ManifestFile.invalid(
              file,
              entry.where()
                  + ": the id appears earlier ("
                  + origins.get(entry.id())
                  + ") with a different document");
        }
        if (earlier == null) {
          verify(file, entry);
          documents.put(entry.id(), entry.document());
          origins.put(entry.id(), file + " " + entry.where());
        }
      }
    }
    return new Manifest(Map.copyOf(documents));
  }

  private static void verify(Path file, ManifestFile.Entry entry) throws ConfigException {
    String hash = Sha256.hex(entry.document());
    if (!hash.equals(entry.id())) {
      throw ManifestFile.invalid(
          file,
          entry.where()
              + ": the id is not the SHA-256 of its document (the document hashes to "
              + hash
              + ")");
    }
  }

  /** The document with this (normalised) id, or null. */
  String document(String id) {
    return documents.get(id);
  }

  public int size() {
    return documents.size();
  }
}
