package dev.switchboard.bridge.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the YAML config, applies {@code SWITCHBOARD_*} environment overrides, binds it to {@link
 * BridgeConfig} and validates it. Every message names the offending key.
 */
public final class ConfigLoader {
  private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .addModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()))
          .build();

  private ConfigLoader() {}

  /** Loads a config file; relative file paths in it are resolved against the file's directory. */
  public static BridgeConfig load(Path file, Map<String, String> env) throws ConfigException {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException missing) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException unreadable) {
      throw new ConfigException("cannot read config file " + file + ": " + unreadable.getMessage());
    }
    Path baseDir = file.toAbsolutePath().getParent();
    return parse(yaml, baseDir, env, file.toString());
  }

  /** Parses YAML text (an empty text means all defaults). */
  public static BridgeConfig parse(
      String yaml, Path baseDir, Map<String, String> env, String origin) throws ConfigException {
    ObjectNode tree = readTree(yaml, origin);
    List<String> unmatched = EnvOverrides.apply(tree, env);
    if (!unmatched.isEmpty()) {
      log.warn("ignored environment variables that match no config key: {}", unmatched);
    }
    resolveRelativePaths(tree, baseDir);
    nameConnections(tree);
    BridgeConfig config;
    try {
      config = YAML.treeToValue(tree, BridgeConfig.class);
    } catch (JsonProcessingException invalid) {
      throw new ConfigException(origin + ": " + describe(invalid));
    }
    ConfigValidator.validate(config);
    return config;
  }

  private static ObjectNode readTree(String yaml, String origin) throws ConfigException {
    try {
      JsonNode node = yaml.isBlank() ? null : YAML.readTree(yaml);
      if (node == null || node.isNull() || node.isMissingNode()) {
        return YAML.createObjectNode();
      }
      if (!(node instanceof ObjectNode object)) {
        throw new ConfigException(
            origin + ": the config must be a mapping of keys (http:, nats:, schema:...)");
      }
      return object;
    } catch (JsonProcessingException malformed) {
      throw new ConfigException(origin + ": not valid YAML: " + malformed.getOriginalMessage());
    }
  }

  /** File keys, resolved against the config file's directory when relative. */
  private static final List<String> FILE_KEYS =
      List.of(
          "schema.files",
          "auth.jwksFile",
          "identity.signingKeyFile",
          "identity.publishedKeyFiles",
          "documents.manifests");

  /** File keys of a NATS connection block (the default one and each named one). */
  private static final List<String> NATS_FILE_KEYS =
      List.of(
          "credsFile",
          "nkeySeedFile",
          "tokenFile",
          "passwordFile",
          "tls.caFile",
          "tls.certFile",
          "tls.keyFile");

  private static void resolveRelativePaths(ObjectNode tree, Path baseDir) {
    if (baseDir == null) {
      return;
    }
    FILE_KEYS.forEach(key -> resolveAt(tree, key, baseDir));
    for (ObjectNode connection : natsBlocks(tree)) {
      NATS_FILE_KEYS.forEach(key -> resolveAt(connection, key, baseDir));
    }
  }

  /**
   * Named connections are called {@code <default name>-<their name>} in NATS monitoring unless they
   * set a name (set here, before binding, so their inbox prefix derives from it too).
   */
  private static void nameConnections(ObjectNode tree) {
    if (!(tree.get("nats") instanceof ObjectNode nats)
        || !(nats.get("connections") instanceof ObjectNode connections)) {
      return;
    }
    String base = nats.hasNonNull("name") ? nats.get("name").asText() : "switchboard";
    connections
        .fields()
        .forEachRemaining(
            entry -> {
              if (entry.getValue() instanceof ObjectNode named && !named.hasNonNull("name")) {
                named.put("name", base + "-" + entry.getKey());
              }
            });
  }

  /** The {@code nats:} block and the blocks under {@code nats.connections}. */
  private static List<ObjectNode> natsBlocks(ObjectNode tree) {
    List<ObjectNode> blocks = new ArrayList<>();
    if (tree.get("nats") instanceof ObjectNode nats) {
      blocks.add(nats);
      if (nats.get("connections") instanceof ObjectNode connections) {
        connections
            .elements()
            .forEachRemaining(
                child -> {
                  if (child instanceof ObjectNode named) {
                    blocks.add(named);
                  }
                });
      }
    }
    return blocks;
  }

  /** Resolves the file(s) at a dotted key below {@code node}, if present. */
  private static void resolveAt(ObjectNode node, String key, Path baseDir) {
    String[] parts = key.split("\\.");
    ObjectNode section = node;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(section.get(parts[i]) instanceof ObjectNode child)) {
        return;
      }
      section = child;
    }
    String leaf = parts[parts.length - 1];
    JsonNode value = section.get(leaf);
    if (value == null) {
      return;
    }
    if (value.isTextual()) {
      section.put(leaf, resolve(value.asText(), baseDir));
    } else if (value instanceof ArrayNode items) {
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i).isTextual()) {
          items.set(i, items.textNode(resolve(items.get(i).asText(), baseDir)));
        }
      }
    }
  }

  private static String resolve(String file, Path baseDir) {
    return file.startsWith("classpath:") ? file : baseDir.resolve(file).normalize().toString();
  }

  private static String describe(JsonProcessingException error) {
    String key = error instanceof JsonMappingException mapping ? keyOf(mapping) : "";
    if (error instanceof UnrecognizedPropertyException unknown) {
      String known =
          unknown.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      return "unknown key '" + key + "' (known here: " + known + ")";
    }
    if (error instanceof InvalidFormatException format) {
      return "'"
          + key
          + "': '"
          + format.getValue()
          + "' is not a valid "
          + typeName(format.getTargetType());
    }
    if (error instanceof MismatchedInputException mismatch) {
      return "'" + key + "': expected " + typeName(mismatch.getTargetType());
    }
    Throwable cause = error.getCause();
    String reason =
        cause instanceof IllegalArgumentException ? cause.getMessage() : error.getOriginalMessage();
    return "'" + key + "': " + reason;
  }

  private static String keyOf(JsonMappingException error) {
    StringBuilder key = new StringBuilder();
    for (JsonMappingException.Reference ref : error.getPath()) {
      if (ref.getFieldName() != null) {
        key.append(key.length() > 0 ? "." : "").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        key.append('[').append(ref.getIndex()).append(']');
      }
    }
    return key.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true/false value";
    }
    if (type == Double.class || type == double.class) {
      return "number";
    }
    if (List.class.isAssignableFrom(type)) {
      return "list";
    }
    if (type.isRecord()) {
      return "mapping of keys";
    }
    return type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** Durations are written {@code 250ms}, {@code 2s}, {@code 5m}. */
  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (!parser.currentToken().isScalarValue()) {
        // a list or mapping: say a duration was expected, rather than "'null' is not a valid
        // duration"
        return (Duration) context.handleUnexpectedToken(Duration.class, parser);
      }
      String text = parser.getValueAsString();
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException bad) {
        throw InvalidFormatException.from(parser, bad.getMessage(), text, Duration.class);
      }
    }
  }
}
