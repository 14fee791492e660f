package dev.switchboard.bridge.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  static final String HELLO = "{ hello }";
  static final String ORDER = "query Order { order(id: \"1\") }";

  @TempDir Path dir;

  private String file(String name, String json) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file.toString();
  }

  private String refused(String... files) {
    return assertThrows(ConfigException.class, () -> Manifest.load(List.of(files))).getMessage();
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(actual.contains(expected), "expected '" + expected + "' in: " + actual);
  }

  @Test
  void load_plainMap_findsEveryDocumentByItsHash() throws Exception {
    Manifest manifest =
        Manifest.load(
            List.of(
                file(
                    "m.json",
                    """
                    {"%s": "%s", "%s": "%s"}
                    """
                        .formatted(
                            Sha256.hex(HELLO),
                            HELLO,
                            Sha256.hex(ORDER),
                            ORDER.replace("\"", "\\\"")))));

    assertEquals(2, manifest.size());
    assertEquals(HELLO, manifest.document(Sha256.hex(HELLO)));
    assertEquals(ORDER, manifest.document(Sha256.hex(ORDER)));
    assertNull(manifest.document(Sha256.hex("{ other }")));
  }

  @Test
  void load_apolloManifest_findsEveryOperationByItsId() throws Exception {
    Manifest manifest =
        Manifest.load(
            List.of(
                file(
                    "apollo.json",
                    """
                    {"format": "apollo-persisted-query-manifest", "version": 1,
                     "operations": [{"id": "%s", "name": "Hello", "type": "query", "body": "%s"}]}
                    """
                        .formatted(Sha256.hex(HELLO), HELLO))));

    assertEquals(1, manifest.size());
    assertEquals(HELLO, manifest.document(Sha256.hex(HELLO)));
  }

  @Test
  void load_idsWithPrefixOrUpperCase_areNormalised() throws Exception {
    Manifest manifest =
        Manifest.load(
            List.of(
                file(
                    "m.json",
                    "{\"sha256:%s\": \"%s\"}".formatted(Sha256.hex(HELLO).toUpperCase(), HELLO))));

    assertEquals(HELLO, manifest.document(Sha256.hex(HELLO)));
  }

  @Test
  void load_idThatIsNotTheHashOfItsDocument_namesFileAndEntry() throws Exception {
    String path = file("m.json", "{\"%s\": \"{ tampered }\"}".formatted(Sha256.hex(HELLO)));

    String message = refused(path);

    assertContains("documents.manifests: " + path, message);
    assertContains("entry \"" + Sha256.hex(HELLO) + "\"", message);
    assertContains("not the SHA-256 of its document", message);
  }

  @Test
  void load_apolloIdThatIsNotTheHashOfItsBody_namesTheOperation() throws Exception {
    String path =
        file(
            "apollo.json",
            """
            {"format": "apollo-persisted-query-manifest", "version": 1,
             "operations": [{"id": "abc", "name": "Hello", "type": "query", "body": "{ hello }"}]}
            """);

    String message = refused(path);

    assertContains("operations[0] (Hello) id \"abc\"", message);
    assertContains("not the SHA-256", message);
  }

  @Test
  void load_sameIdWithDifferentDocuments_isRefused() throws Exception {
    String operation =
        "{\"id\": \"%s\", \"name\": \"Hello\", \"type\": \"query\", \"body\": \"%s\"}";
    String path =
        file(
            "apollo.json",
            "{\"format\": \"apollo-persisted-query-manifest\", \"version\": 1, \"operations\": ["
                + operation.formatted(Sha256.hex(HELLO), HELLO)
                + ","
                + operation.formatted(Sha256.hex(HELLO), "{ other }")
                + "]}");

    String message = refused(path);

    assertContains("operations[1] (Hello)", message);
    assertContains("appears earlier", message);
    assertContains("with a different document", message);
  }

  @Test
  void load_sameDocumentInTwoFiles_isOneEntry() throws Exception {
    String entry = "{\"%s\": \"%s\"}".formatted(Sha256.hex(HELLO), HELLO);

    Manifest manifest = Manifest.load(List.of(file("a.json", entry), file("b.json", entry)));

    assertEquals(1, manifest.size());
  }

  @Test
  void load_duplicateKeyInOneFile_isMalformed() throws Exception {
    String id = Sha256.hex(HELLO);
    String path =
        file("m.json", "{\"%s\": \"%s\", \"%s\": \"%s\"}".formatted(id, HELLO, id, HELLO));

    assertContains("not valid JSON: Duplicate field '" + id + "'", refused(path));
  }

  @Test
  void load_malformedFiles_sayWhatIsWrong() throws Exception {
    assertContains("not valid JSON", refused(file("a.json", "{\"abc\": ")));
    assertContains("expected a JSON object", refused(file("b.json", "[\"{ hello }\"]")));
    assertContains(
        "entry \"abc\": the document must be a string", refused(file("c.json", "{\"abc\": 1}")));
    assertContains(
        "unknown \"format\"",
        refused(file("d.json", "{\"format\": \"relay\", \"operations\": []}")));
    assertContains(
        "unsupported version 2",
        refused(
            file(
                "e.json",
                "{\"format\": \"apollo-persisted-query-manifest\", \"version\": 2,"
                    + " \"operations\": []}")));
    assertContains(
        "operations[0]: \"id\" and \"body\" must be strings",
        refused(
            file(
                "f.json",
                "{\"format\": \"apollo-persisted-query-manifest\", \"version\": 1,"
                    + " \"operations\": [{\"id\": 1}]}")));
  }

  @Test
  void load_missingFile_isRefused() {
    assertContains("cannot be read", refused(dir.resolve("missing.json").toString()));
  }
}
