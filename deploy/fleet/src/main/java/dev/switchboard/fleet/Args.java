package dev.switchboard.fleet;

import java.util.Arrays;
import java.util.List;

/** The {@code --name value} options of one command. */
final class Args {
  private final String[] args;

  Args(String[] args) {
    this.args = args.clone();
  }

  /** The value after {@code name}; exits with a message naming it when it is missing. */
  String required(String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    System.err.println("missing option " + name);
    System.exit(2);
    throw new AssertionError("unreachable");
  }

  String or(String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  int number(String name, int fallback) {
    return Integer.parseInt(or(name, Integer.toString(fallback)));
  }

  /** A comma-separated option, e.g. {@code --nats nats://a:4222,nats://b:4222}. */
  List<String> list(String name) {
    return Arrays.asList(required(name).split(","));
  }
}
