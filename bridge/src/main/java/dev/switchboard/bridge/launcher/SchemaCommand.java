package dev.switchboard.bridge.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code schema}: prints the client-facing SDL (no NATS directives), after the checks of check. */
@Command(
    name = "schema",
    description = {
      "Print the client-facing GraphQL SDL: the schema without the NATS directives. Fails like"
          + " check when the config or schema is invalid."
    })
final class SchemaCommand implements Callable<Integer> {
  @ParentCommand private Switchboard switchboard;
  @Mixin private ConfigOption configFile;

  @Override
  public Integer call() {
    return OfflineCommand.run(
        switchboard.err(),
        () -> {
          OfflineCheck check = OfflineCheck.of(configFile.load(switchboard.env()));
          if (!check.passed()) {
            return check.report(switchboard.err());
          }
          switchboard.out().print(check.schema().clientSdl());
          return 0;
        });
  }
}
