package dev.switchboard.bridge.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.contracts.Baseline;
import dev.switchboard.bridge.contracts.Change;
import dev.switchboard.bridge.contracts.ContractDiff;
import dev.switchboard.bridge.contracts.DocumentFormat;
import dev.switchboard.bridge.contracts.OfflineSchema;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code diff}: the breaking and dangerous changes of the config's schema against an earlier
 * version, for GraphQL clients and for the services on NATS, one line each (or a JSON array for CI
 * annotations). Exit 1 when anything breaks (or the input is invalid), 0 otherwise, 2 for an
 * unknown format.
 */
@Command(
    name = "diff",
    description = {
      "List the breaking and dangerous changes against an earlier schema, for GraphQL clients and"
          + " for the services on NATS (subjects, payloads, connections). Exit 1 when anything"
          + " breaks."
    })
public final class DiffCommand implements Callable<Integer> {
  public static final String TEXT = "text";
  public static final String JSON = "json";

  @ParentCommand private Switchboard switchboard;
  @Mixin private ConfigOption configFile;

  @Option(
      names = "--against",
      paramLabel = "OLD",
      required = true,
      description =
          "the earlier version: an SDL file, a config file, a directory, or REV:path (a git"
              + " revision's copy)")
  private String against;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = TEXT,
      description =
          "text (one line per change) or json (for CI annotations) (default: ${DEFAULT-VALUE})")
  private String format;

  @Override
  public Integer call() {
    return run(
        configFile.path(switchboard.env()),
        switchboard.env(),
        against,
        format,
        switchboard.out(),
        switchboard.err());
  }

  /**
   * @param config the current config file
   * @param against the earlier version: an SDL file, a config file, a directory, or {@code
   *     REV:path} (git, run in the config file's directory)
   * @param format {@code text} or {@code json}
   */
  public static int run(
      Path config,
      Map<String, String> env,
      String against,
      String format,
      PrintStream out,
      PrintStream err) {
    if (!List.of(TEXT, JSON).contains(format)) {
      err.println("--format needs text or json, got " + format);
      return 2;
    }
    return OfflineCommand.run(
        err,
        () -> {
          BridgeConfig current = ConfigLoader.load(config, env);
          LoadedSchema now = OfflineSchema.load(current.schema().files(), current.requests());
          LoadedSchema before = baseline(config, against, current);
          List<Change> changes = ContractDiff.between(before, now);
          print(changes, format, out);
          long breaking = changes.stream().filter(c -> c.level() == Change.Level.BREAKING).count();
          err.println(
              breaking + " breaking, " + (changes.size() - breaking) + " dangerous change(s)");
          return breaking > 0 ? 1 : 0;
        });
  }

  private static LoadedSchema baseline(Path config, String against, BridgeConfig current)
      throws SchemaException {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("switchboard-diff");
      Path repository = config.toAbsolutePath().getParent();
      List<String> files = Baseline.files(against, repository, scratch);
      return OfflineSchema.load(files, current.requests());
    } catch (IOException unreadable) {
      throw new SchemaException("--against " + against + ": " + unreadable.getMessage());
    } finally {
      deleteQuietly(scratch);
    }
  }

  private static void print(List<Change> changes, String format, PrintStream out) {
    if (TEXT.equals(format)) {
      changes.forEach(change -> out.println(change.line()));
      return;
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Change change : changes) {
      array
          .addObject()
          .put("level", change.level().name())
          .put("kind", change.kind())
          .put("path", change.path())
          .put("message", change.message());
    }
    out.print(DocumentFormat.JSON.write(array));
  }

  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException leftBehind) {
      // a temporary directory; the OS cleans it up
    }
  }
}
