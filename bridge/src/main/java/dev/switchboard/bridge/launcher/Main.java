package dev.switchboard.bridge.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar switchboard.jar [command] [options]}: the commands are picocli subcommands of
 * {@link Switchboard}; {@code serve} when none is given. Exit codes: 0 success, 1 invalid config or
 * schema / failure to start, 2 bad usage (the message and the usage on stderr).
 */
public final class Main {
  /** Options of {@code switchboard} itself; any other leading option is one of {@code serve}. */
  private static final Set<String> OWN_OPTIONS = Set.of("-h", "--help", "-V", "--version");

  private static final Set<String> LONG_RUNNING = Set.of("serve", "demo");

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != 0 || !LONG_RUNNING.contains(commandOf(args))) {
      System.exit(code);
    }
  }

  /** Runs a command; long-running ones ({@code serve}, {@code demo}) return once started. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    LogFormat.choose(commandOf(args), env);
    int code = commandLine(env, out, err).execute(serveByDefault(args));
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The command and {@code --config} of a command line as {@link #run} reads them.
   *
   * @throws ParameterException when {@link #run} would refuse it as bad usage
   */
  static Invocation parse(String[] args) {
    ParseResult parsed =
        commandLine(Map.of(), System.out, System.err).parseArgs(serveByDefault(args));
    if (!parsed.hasSubcommand()) {
      return new Invocation("help", null);
    }
    ParseResult command = parsed.subcommand();
    return new Invocation(
        command.commandSpec().name(), command.matchedOptionValue("--config", (String) null));
  }

  /**
   * @param command the subcommand's name ({@code help} for {@code --help} and {@code --version})
   * @param config its {@code --config}, or null
   */
  record Invocation(String command, String config) {}

  private static String commandOf(String[] args) {
    try {
      return parse(args).command();
    } catch (ParameterException bad) {
      return "help";
    }
  }

  private static String[] serveByDefault(String[] args) {
    if (args.length == 0 || args[0].startsWith("-") && !OWN_OPTIONS.contains(args[0])) {
      return Stream.concat(Stream.of("serve"), Stream.of(args)).toArray(String[]::new);
    }
    return args;
  }

  private static CommandLine commandLine(
      Map<String, String> env, PrintStream out, PrintStream err) {
    return new CommandLine(new Switchboard(env, out, err))
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setColorScheme(Help.defaultColorScheme(Ansi.OFF))
        // a config path may start with @; it is never an argument file
        .setExpandAtFiles(false)
        .setParameterExceptionHandler(Main::badUsage)
        .setExecutionExceptionHandler(
            (failure, command, parsed) -> {
              command.getErr().println("cannot run: " + failure.getMessage());
              return 1;
            });
  }

  /** The reason, suggestions for a typo, and the usage of the command at fault, on stderr. */
  private static int badUsage(ParameterException bad, String[] args) {
    CommandLine command = bad.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(reason(bad));
    UnmatchedArgumentException.printSuggestions(bad, err);
    command.usage(err);
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static String reason(ParameterException bad) {
    if (bad instanceof UnmatchedArgumentException unmatched
        && unmatched.getCommandLine().getParent() == null
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      return "unknown command: " + unmatched.getUnmatched().get(0);
    }
    return bad.getMessage();
  }
}
