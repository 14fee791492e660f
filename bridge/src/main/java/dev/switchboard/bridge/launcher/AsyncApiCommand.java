package dev.switchboard.bridge.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.contracts.AsyncApiDocument;
import dev.switchboard.bridge.contracts.ContractBuilder;
import dev.switchboard.bridge.contracts.DocumentFormat;
import dev.switchboard.bridge.contracts.OfflineSchema;
import dev.switchboard.bridge.documents.Sha256;
import dev.switchboard.bridge.schema.LoadedSchema;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code asyncapi}: prints the AsyncAPI 3.0 document of the config's schema (JSON or YAML), for
 * service teams and their tools. Offline, like {@code check}: exit 1 when the config or schema is
 * invalid, 2 for an unknown format.
 */
@Command(
    name = "asyncapi",
    description = {
      "Print the AsyncAPI 3.0 document of the schema's NATS contract: channels, payloads as JSON"
          + " Schema, headers. Offline, like check."
    })
public final class AsyncApiCommand implements Callable<Integer> {
  public static final String DEFAULT_FORMAT = "yaml";

  @ParentCommand private Switchboard switchboard;
  @Mixin private ConfigOption configFile;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = DEFAULT_FORMAT,
      description = "yaml or json (default: ${DEFAULT-VALUE})")
  private String format;

  @Override
  public Integer call() {
    return run(
        configFile.path(switchboard.env()),
        switchboard.env(),
        format,
        switchboard.out(),
        switchboard.err());
  }

  /**
   * @param config the config file
   * @param format {@code json} or {@code yaml}
   */
  public static int run(
      Path config, Map<String, String> env, String format, PrintStream out, PrintStream err) {
    Optional<DocumentFormat> printed = DocumentFormat.named(format);
    if (printed.isEmpty()) {
      err.println("--format needs json or yaml, got " + format);
      return 2;
    }
    return OfflineCommand.run(
        err,
        () -> {
          BridgeConfig loaded = ConfigLoader.load(config, env);
          LoadedSchema schema = OfflineSchema.load(loaded.schema().files(), loaded.requests());
          ObjectNode document =
              AsyncApiDocument.of(
                  ContractBuilder.of(schema), "Switchboard: " + config.getFileName(), "0.0.0");
          ((ObjectNode) document.get("info")).put("version", version(document));
          out.print(printed.get().write(document));
          return 0;
        });
  }

  /** Changes whenever the contract does: a hash of the document itself. */
  private static String version(ObjectNode document) {
    return "0.0.0+" + Sha256.hex(DocumentFormat.JSON.write(document)).substring(0, 12);
  }
}
