package dev.switchboard.bridge.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar switchboard.jar [serve|demo|check|schema] [--config FILE] [--port N]}. Exit
 * codes: 0 success, 1 invalid config or schema / failure to start, 2 bad usage.
 */
public final class Main {
  static final String USAGE =
      """
      usage: switchboard [command] [--config FILE] [--port N]

      commands:
        serve    run the bridge (default); config from --config, $SWITCHBOARD_CONFIG or ./switchboard.yaml
        demo     run a self-contained demo: local nats-server, demo services, GraphiQL
        check    validate the config and schema without connecting to anything (for CI)
        schema   print the client-facing GraphQL SDL
        help     show this text
      """;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != 0 || !"serve".equals(commandOf(args)) && !"demo".equals(commandOf(args))) {
      System.exit(code);
    }
  }

  /** Runs a command; long-running ones ({@code serve}, {@code demo}) return once started. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException bad) {
      err.println(bad.getMessage());
      err.print(USAGE);
      return 2;
    }
    LogFormat.choose(arguments.command(), env);
    return switch (arguments.command()) {
      case "serve" -> ServeCommand.run(arguments, env, err);
      case "demo" -> DemoCommand.run(arguments, env, out, err);
      case "check" -> CheckCommand.run(arguments, env, out, err, false);
      case "schema" -> CheckCommand.run(arguments, env, out, err, true);
      default -> {
        out.print(USAGE);
        yield 0;
      }
    };
  }

  private static String commandOf(String[] args) {
    try {
      return Arguments.parse(args).command();
    } catch (IllegalArgumentException bad) {
      return "help";
    }
  }

  /** The parsed command line. */
  record Arguments(String command, String config, Integer port) {
    static Arguments parse(String[] args) {
      List<String> rest = new ArrayList<>(List.of(args));
      String command = "serve";
      if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
        command = rest.remove(0);
      }
      if (!List.of("serve", "demo", "check", "schema", "help").contains(command)) {
        throw new IllegalArgumentException("unknown command: " + command);
      }
      String config = null;
      Integer port = null;
      for (int i = 0; i < rest.size(); i++) {
        String flag = rest.get(i);
        if (flag.equals("--help") || flag.equals("-h")) {
          return new Arguments("help", null, null);
        }
        if (i + 1 >= rest.size()) {
          throw new IllegalArgumentException("unknown or incomplete option: " + flag);
        }
        String value = rest.get(++i);
        switch (flag) {
          case "--config" -> config = value;
          case "--port" -> port = parsePort(value);
          default -> throw new IllegalArgumentException("unknown option: " + flag);
        }
      }
      return new Arguments(command, config, port);
    }

    private static int parsePort(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException bad) {
        throw new IllegalArgumentException(
            "--port needs a number between 0 and 65535, got " + value);
      }
    }
  }
}
