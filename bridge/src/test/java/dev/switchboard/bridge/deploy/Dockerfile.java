package dev.switchboard.bridge.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile as its instructions, continuation lines joined and comments dropped. */
record Dockerfile(List<Instruction> instructions) {
  private static final Pattern JSON_ITEM = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One instruction: {@code COPY --from=build a b} is keyword COPY, arguments the rest. */
  record Instruction(String keyword, String arguments) {
    /** The words, without {@code --flags}; an exec-form (JSON array) argument list unpacked. */
    List<String> words() {
      List<String> words = new ArrayList<>();
      if (arguments.startsWith("[")) {
        Matcher item = JSON_ITEM.matcher(arguments);
        while (item.find()) {
          words.add(item.group(1));
        }
        return words;
      }
      for (String word : arguments.split("\\s+")) {
        if (!word.startsWith("--")) {
          words.add(word);
        }
      }
      return words;
    }

    /** The value of a {@code --name=value} flag, or null. */
    String flag(String name) {
      for (String word : arguments.split("\\s+")) {
        if (word.startsWith("--" + name + "=")) {
          return word.substring(name.length() + 3);
        }
      }
      return null;
    }
  }

  static Dockerfile read(Path file) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : DeployFiles.read(file).split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty() && pending.length() == 0) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String text = pending.toString().strip();
      pending.setLength(0);
      if (!text.isEmpty()) {
        int space = text.indexOf(' ');
        instructions.add(
            new Instruction(
                text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
      }
    }
    return new Dockerfile(instructions);
  }

  /** The instructions of one stage: 0 the first {@code FROM}, -1 the last (the image). */
  Dockerfile stage(int index) {
    List<List<Instruction>> stages = new ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("FROM")) {
        stages.add(new ArrayList<>());
      }
      if (!stages.isEmpty()) {
        stages.get(stages.size() - 1).add(instruction);
      }
    }
    return new Dockerfile(stages.get(index < 0 ? stages.size() + index : index));
  }

  List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  /** The one instruction of a kind (the last one counts, as in Docker). */
  Instruction last(String keyword) {
    List<Instruction> found = all(keyword);
    assertEquals(false, found.isEmpty(), "no " + keyword + " instruction");
    return found.get(found.size() - 1);
  }

  /** An {@code ENV name=value} value, or null. */
  String env(String name) {
    for (Instruction env : all("ENV")) {
      for (String word : env.words()) {
        if (word.startsWith(name + "=")) {
          return word.substring(name.length() + 1).replace("\"", "");
        }
      }
    }
    return null;
  }
}
