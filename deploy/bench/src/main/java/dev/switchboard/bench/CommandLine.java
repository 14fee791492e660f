package dev.switchboard.bench;

import java.util.Optional;

/** The two or three {@code --name value} options the benchmark's mains take. */
final class CommandLine {
  private CommandLine() {}

  /** The value after {@code name}, if given. */
  static Optional<String> optional(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Optional.of(args[i + 1]);
      }
    }
    return Optional.empty();
  }

  /** The value after {@code name}; exits with a usage message when it is missing. */
  static String required(String[] args, String name, String usage) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    System.err.println("missing " + name + "\nusage: " + usage);
    System.exit(2);
    throw new AssertionError("unreachable");
  }
}
