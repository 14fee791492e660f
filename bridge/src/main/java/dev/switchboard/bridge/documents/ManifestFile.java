package dev.switchboard.bridge.documents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads one manifest file, in either shape client tooling emits: {@code {"<sha256>": "<document>"}}
 * (GraphQL Code Generator's persisted documents, and similar tools) or Apollo's persisted query
 * manifest ({@code {"format": "apollo-persisted-query-manifest", "version": 1, "operations":
 * [{"id", "name", "type", "body"}]}}). Duplicate keys make the file malformed; {@link Manifest}
 * checks the ids.
 */
final class ManifestFile {
  static final String APOLLO_FORMAT = "apollo-persisted-query-manifest";

  /** One document of a manifest, with where it was found, for messages. */
  record Entry(String id, String document, String where) {}

  private ManifestFile() {}

  static List<Entry> read(Path file) throws ConfigException {
    JsonNode root = parse(file);
    if (!root.isObject()) {
      throw invalid(file, "expected a JSON object: " + SHAPES);
    }
    return root.has("format") ? apollo(file, root) : plain(file, root);
  }

  private static final String SHAPES =
      "{\"<sha256>\": \"<document>\", ...} or Apollo's persisted query manifest"
          + " {\"format\": \""
          + APOLLO_FORMAT
          + "\", \"version\": 1, \"operations\": [...]}";

  private static List<Entry> plain(Path file, JsonNode root) throws ConfigException {
    List<Entry> entries = new ArrayList<>(root.size());
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String where = "entry \"" + field.getKey() + "\"";
      if (!field.getValue().isTextual()) {
        throw invalid(file, where + ": the document must be a string (expected " + SHAPES + ")");
      }
      entries.add(new Entry(Sha256.normalise(field.getKey()), field.getValue().asText(), where));
    }
    return entries;
  }

  private static List<Entry> apollo(Path file, JsonNode root) throws ConfigException {
    if (!APOLLO_FORMAT.equals(root.path("format").asText())) {
      throw invalid(file, "unknown \"format\" " + root.get("format") + "; expected " + SHAPES);
    }
    if (root.path("version").asInt() != 1) {
      throw invalid(file, "unsupported version " + root.get("version") + "; version 1 is read");
    }
    JsonNode operations = root.path("operations");
    if (!operations.isArray()) {
      throw invalid(file, "\"operations\" must be an array");
    }
    List<Entry> entries = new ArrayList<>(operations.size());
    for (int i = 0; i < operations.size(); i++) {
      JsonNode operation = operations.get(i);
      String where =
          "operations["
              + i
              + "]"
              + (operation.path("name").isTextual()
                  ? " (" + operation.path("name").asText() + ")"
                  : "");
      if (!operation.path("id").isTextual() || !operation.path("body").isTextual()) {
        throw invalid(file, where + ": \"id\" and \"body\" must be strings");
      }
      entries.add(
          new Entry(
              Sha256.normalise(operation.get("id").asText()),
              operation.get("body").asText(),
              where + " id \"" + operation.get("id").asText() + "\""));
    }
    return entries;
  }

  private static JsonNode parse(Path file) throws ConfigException {
    try {
      return Json.MAPPER
          .reader()
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException malformed) {
      throw invalid(file, "not valid JSON: " + malformed.getOriginalMessage());
    } catch (IOException unreadable) {
      throw invalid(file, "cannot be read: " + unreadable.getMessage());
    }
  }

  static ConfigException invalid(Path file, String reason) {
    return new ConfigException("documents.manifests: " + file + ": " + reason);
  }
}
