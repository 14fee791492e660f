package dev.switchboard.bridge.launcher;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code switchboard} command and its subcommands. A subcommand is one class annotated
 * {@code @Command(name = ...)} that implements {@code Callable<Integer>} (its exit status) and
 * reads the environment and output streams from this, its {@code @ParentCommand}; listing it in
 * {@code subcommands} below is all it takes to add one.
 */
@Command(
    name = "switchboard",
    description = "A GraphQL-to-NATS bridge. Without a command it runs 'serve'.",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    scope = ScopeType.INHERIT,
    sortOptions = false,
    usageHelpAutoWidth = false,
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success (serve, demo: started)",
      "1:invalid config or schema, or failure to start",
      "2:bad usage"
    },
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      CheckCommand.class,
      SchemaCommand.class,
      PermissionsCommand.class,
      AsyncApiCommand.class,
      DiffCommand.class,
      HelpCommand.class
    })
final class Switchboard implements Callable<Integer> {
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  @Spec private CommandSpec spec;

  Switchboard(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
  }

  /** The process environment ({@code $SWITCHBOARD_CONFIG} and the config overrides). */
  Map<String, String> env() {
    return env;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  /** Not reached from the command line, which runs {@code serve} when no command is given. */
  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return 0;
  }
}
