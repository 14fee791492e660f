package dev.switchboard.bridge.permissions;

import java.util.List;

/**
 * A nats-server {@code permissions { ... }} block, ready to paste into a user entry of {@code
 * authorization { users = [...] }} or of an account's {@code users}.
 */
public final class ConfFormat {
  /** nats-server's own default for {@code allow_responses: true}: one reply within two minutes. */
  static final String RESPONSES = "allow_responses: true";

  private ConfFormat() {}

  /**
   * @param header comment lines printed above the block (without the {@code #})
   */
  public static String render(NatsPermissions permissions, List<String> header) {
    StringBuilder conf = new StringBuilder();
    header.forEach(line -> conf.append("# ").append(line).append('\n'));
    conf.append("permissions {\n");
    if (permissions.publish().isEmpty()) {
      // an empty allow list is easy to misread as "no restriction": say "nothing" outright
      conf.append("  publish {\n    deny: [\">\"]\n  }\n");
    } else {
      appendAllow(conf, "publish", permissions.publish());
    }
    appendAllow(conf, "subscribe", permissions.subscribe());
    if (permissions.allowResponses()) {
      conf.append("  ").append(RESPONSES).append('\n');
    }
    return conf.append("}\n").toString();
  }

  private static void appendAllow(StringBuilder conf, String direction, List<String> subjects) {
    conf.append("  ").append(direction).append(" {\n    allow: [\n");
    for (int i = 0; i < subjects.size(); i++) {
      conf.append("      ").append(quoted(subjects.get(i)));
      conf.append(i + 1 < subjects.size() ? ",\n" : "\n");
    }
    conf.append("    ]\n  }\n");
  }

  /** Quoted, so {@code $JS...} is not read as a variable and {@code >} needs no care. */
  static String quoted(String subject) {
    return '"' + subject.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
