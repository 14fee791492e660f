package dev.switchboard.bridge.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar switchboard.jar [serve|demo|check|schema|permissions] [--config FILE] [--port
 * N]}. Exit codes: 0 success, 1 invalid config or schema / failure to start, 2 bad usage.
 */
public final class Main {
  static final String USAGE =
      """
      usage: switchboard [command] [--config FILE] [--port N]
             switchboard permissions [--config FILE] [--connection NAME] [--format conf|json]

      commands:
        serve    run the bridge (default); config from --config, $SWITCHBOARD_CONFIG or ./switchboard.yaml
        demo     run a self-contained demo: local nats-server, demo services, GraphiQL
        check    validate the config and schema without connecting to anything (for CI)
        schema   print the client-facing GraphQL SDL
        permissions
                 print the smallest NATS permissions the bridge's user needs (a nats-server
                 permissions block, or JSON for user JWTs) for one connection (default: default)
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
      case "permissions" -> PermissionsCommand.run(arguments, env, out, err);
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

  /**
   * The parsed command line.
   *
   * @param connection {@code permissions}: the connection to print them for, or null (default)
   * @param format {@code permissions}: {@code conf} or {@code json}, or null (conf)
   */
  record Arguments(String command, String config, Integer port, String connection, String format) {
    Arguments(String command, String config, Integer port) {
      this(command, config, port, null, null);
    }

    static Arguments parse(String[] args) {
      List<String> rest = new ArrayList<>(List.of(args));
      String command = "serve";
      if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
        command = rest.remove(0);
      }
      if (!List.of("serve", "demo", "check", "schema", "permissions", "help").contains(command)) {
        throw new IllegalArgumentException("unknown command: " + command);
      }
      String config = null;
      Integer port = null;
      String connection = null;
      String format = null;
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
          case "--connection" -> connection = permissionsOnly(command, flag, value);
          case "--format" -> format = parseFormat(permissionsOnly(command, flag, value));
          default -> throw new IllegalArgumentException("unknown option: " + flag);
        }
      }
      return new Arguments(command, config, port, connection, format);
    }

    private static String permissionsOnly(String command, String flag, String value) {
      if (!command.equals("permissions")) {
        throw new IllegalArgumentException(flag + " is an option of the permissions command");
      }
      return value;
    }

    private static String parseFormat(String value) {
      if (!List.of(PermissionsCommand.CONF, PermissionsCommand.JSON).contains(value)) {
        throw new IllegalArgumentException("--format needs conf or json, got " + value);
      }
      return value;
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
