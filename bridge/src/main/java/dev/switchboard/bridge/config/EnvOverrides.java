package dev.switchboard.bridge.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies {@code SWITCHBOARD_*} environment variables on top of the YAML tree before it is bound.
 * Names map to keys by relaxed matching: {@code SWITCHBOARD_HTTP_PORT} sets {@code http.port},
 * {@code SWITCHBOARD_HTTP_MAX_BODY_BYTES} sets {@code http.maxBodyBytes}; list values are
 * comma-separated ({@code SWITCHBOARD_NATS_URLS=nats://a:4222,nats://b:4222}).
 */
final class EnvOverrides {
  static final String PREFIX = "SWITCHBOARD_";

  /**
   * Variables that are not config keys, so never warned about as ignored: SWITCHBOARD_CONFIG
   * selects the file itself; the others are read by logback.xml (and the launcher's LogFormat)
   * before any config exists. ConfigLoaderTest proves every SWITCHBOARD_ variable logback.xml reads
   * is here.
   */
  static final Set<String> NOT_KEYS =
      Set.of("SWITCHBOARD_CONFIG", "SWITCHBOARD_LOG_FORMAT", "SWITCHBOARD_AUDIT_LEVEL");

  private EnvOverrides() {}

  /**
   * @return the names of variables that matched no key (the caller warns about them)
   */
  static List<String> apply(ObjectNode root, Map<String, String> env) {
    List<String> unmatched = new ArrayList<>();
    for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith(PREFIX) || NOT_KEYS.contains(name)) {
        continue;
      }
      List<String> words =
          List.of(name.substring(PREFIX.length()).toLowerCase(Locale.ROOT).split("_"));
      if (!assign(root, BridgeConfig.class, words, 0, variable.getValue())) {
        unmatched.add(name);
      }
    }
    return unmatched;
  }

  /** Matches words[from..] against the record's components, joining words greedily. */
  private static boolean assign(
      ObjectNode node, Class<?> type, List<String> words, int from, String value) {
    for (RecordComponent component : type.getRecordComponents()) {
      String key = component.getName().toLowerCase(Locale.ROOT);
      StringBuilder joined = new StringBuilder();
      for (int end = from; end < words.size(); end++) {
        joined.append(words.get(end));
        if (!joined.toString().equals(key)) {
          continue;
        }
        boolean last = end == words.size() - 1;
        if (last && !component.getType().isRecord()) {
          node.set(component.getName(), valueNode(component.getType(), value));
          return true;
        }
        if (!last && component.getType().isRecord()) {
          ObjectNode child =
              node.get(component.getName()) instanceof ObjectNode existing
                  ? existing
                  : node.putObject(component.getName());
          if (assign(child, component.getType(), words, end + 1, value)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static com.fasterxml.jackson.databind.JsonNode valueNode(Class<?> type, String value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (List.class.isAssignableFrom(type)) {
      ArrayNode array = nodes.arrayNode();
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          array.add(item.trim());
        }
      }
      return array;
    }
    return nodes.textNode(value);
  }
}
