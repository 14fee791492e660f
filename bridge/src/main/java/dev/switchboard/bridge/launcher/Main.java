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
             switchboard asyncapi [--config FILE] [--format yaml|json]
             switchboard diff [--config FILE] --against OLD [--format text|json]

      commands:
        serve    run the bridge (default); config from --config, $SWITCHBOARD_CONFIG or ./switchboard.yaml
        demo     run a self-contained demo: local nats-server, demo services, GraphiQL
        check    validate the config and schema without connecting to anything (for CI)
        schema   print the client-facing GraphQL SDL
        permissions
                 print the smallest NATS permissions the bridge's user needs (a nats-server
                 permissions block, or JSON for user JWTs) for one connection (default: default)
        asyncapi print the AsyncAPI 3.0 document of the NATS side (subjects, payloads, headers)
        diff     list breaking and dangerous changes against OLD (an SDL file, a config or
                 directory, or REV:path from git) for clients and services; exit 1 if any breaks
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
      case "asyncapi" ->
          AsyncApiCommand.run(
              ConfigFiles.path(arguments, env),
              env,
              arguments.format() != null ? arguments.format() : AsyncApiCommand.DEFAULT_FORMAT,
              out,
              err);
      case "diff" ->
          DiffCommand.run(
              ConfigFiles.path(arguments, env),
              env,
              arguments.against(),
              arguments.format() != null ? arguments.format() : DiffCommand.TEXT,
              out,
              err);
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
   * @param format {@code permissions}: {@code conf} or {@code json}, or null (conf); {@code
   *     asyncapi} and {@code diff}: checked by the command
   * @param against {@code diff}: the earlier version, or null
   */
  record Arguments(
      String command,
      String config,
      Integer port,
      String connection,
      String format,
      String against) {
    Arguments(String command, String config, Integer port) {
      this(command, config, port, null, null, null);
    }

    Arguments(String command, String config, Integer port, String connection, String format) {
      this(command, config, port, connection, format, null);
    }

    static Arguments parse(String[] args) {
      List<String> rest = new ArrayList<>(List.of(args));
      String command = "serve";
      if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
        command = rest.remove(0);
      }
      if (!List.of("serve", "demo", "check", "schema", "permissions", "asyncapi", "diff", "help")
          .contains(command)) {
        throw new IllegalArgumentException("unknown command: " + command);
      }
      String config = null;
      Integer port = null;
      String connection = null;
      String format = null;
      String against = null;
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
          case "--format" ->
              format =
                  List.of("asyncapi", "diff").contains(command)
                      ? value
                      : parseFormat(permissionsOnly(command, flag, value));
          case "--against" -> against = diffOnly(command, flag, value);
          default -> throw new IllegalArgumentException("unknown option: " + flag);
        }
      }
      if (command.equals("diff") && against == null) {
        throw new IllegalArgumentException("diff needs --against OLD");
      }
      return new Arguments(command, config, port, connection, format, against);
    }

    private static String diffOnly(String command, String flag, String value) {
      if (!command.equals("diff")) {
        throw new IllegalArgumentException(flag + " is an option of the diff command");
      }
      return value;
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
