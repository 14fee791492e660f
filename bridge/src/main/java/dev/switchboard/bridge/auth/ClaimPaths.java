package dev.switchboard.bridge.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads roles and scopes from claims: a dotted path to a string (space-separated) or a list of
 * strings.
 */
final class ClaimPaths {
  private ClaimPaths() {}

  static Object at(Map<String, Object> claims, String path) {
    Object current = claims;
    for (String key : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> object)) {
        return null;
      }
      current = object.get(key);
    }
    return current;
  }

  /** {@code "a b"} and {@code ["a","b"]} both give [a, b]; anything else gives nothing. */
  static List<String> strings(Object value) {
    List<String> result = new ArrayList<>();
    if (value instanceof String text) {
      for (String part : text.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          result.add(part);
        }
      }
    } else if (value instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof String text && !text.isBlank()) {
          result.add(text);
        }
      }
    }
    return result;
  }
}
