package dev.switchboard.bridge.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An HAProxy config as sections of directive lines (comments dropped). */
record HaproxyConfig(Map<String, List<String>> sections) {
  static HaproxyConfig read(Path file) {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    List<String> current = null;
    for (String raw : DeployFiles.read(file).split("\n")) {
      String line = raw.replaceAll("#.*", "").strip();
      if (line.isEmpty()) {
        continue;
      }
      if (!Character.isWhitespace(raw.charAt(0))) {
        current = new ArrayList<>();
        sections.put(line, current);
      } else if (current != null) {
        current.add(line.replaceAll("\\s+", " "));
      }
    }
    return new HaproxyConfig(sections);
  }

  /** The directive lines of a section ({@code "backend bridges"}). */
  List<String> section(String name) {
    List<String> lines = sections.get(name);
    if (lines == null) {
      throw new AssertionError("no section '" + name + "' in " + sections.keySet());
    }
    return lines;
  }

  /** The lines of a section that start with a directive, without it. */
  List<String> directives(String section, String directive) {
    return section(section).stream()
        .filter(line -> line.startsWith(directive + " "))
        .map(line -> line.substring(directive.length() + 1))
        .toList();
  }

  /** The word after {@code keyword} on a line, or null. */
  static String after(String line, String keyword) {
    String[] words = line.split(" ");
    for (int i = 0; i < words.length - 1; i++) {
      if (words[i].equals(keyword)) {
        return words[i + 1];
      }
    }
    return null;
  }

  /** A {@code timeout NAME VALUE} of a section. */
  Duration timeout(String section, String name) {
    return directives(section, "timeout").stream()
        .filter(line -> line.startsWith(name + " "))
        .map(line -> time(line.substring(name.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no timeout " + name + " in " + section));
  }

  /** An HAProxy time: a number of milliseconds, or with a unit (ms, s, m, h). */
  static Duration time(String value) {
    return value.matches("\\d+")
        ? Duration.ofMillis(Long.parseLong(value))
        : DeployFiles.duration(value);
  }
}
