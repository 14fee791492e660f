package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.contracts.OfflineSchema;
import dev.switchboard.bridge.documents.Manifest;
import dev.switchboard.bridge.ratelimit.ClientAddress;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code check} and {@code schema} validate once the config file is read: the schema (every
 * problem of every file, not only the first), the connections its fields name, the trusted document
 * manifests and the trusted proxies. Each part is checked even when another failed, so one run
 * lists everything to fix.
 *
 * @param schema the loaded schema, or null when it has problems
 * @param trusted the trusted documents, or null when a manifest is invalid
 * @param schemaProblems {@code file:line: Type.field: reason}, one each
 * @param configProblems the config key and reason, one each
 */
record OfflineCheck(
    LoadedSchema schema,
    Manifest trusted,
    List<String> schemaProblems,
    List<String> configProblems) {

  static OfflineCheck of(BridgeConfig config) {
    List<String> schemaProblems = new ArrayList<>();
    List<String> configProblems = new ArrayList<>();
    LoadedSchema schema = null;
    try {
      schema = OfflineSchema.load(config.schema().files(), config.requests());
      schemaProblems.addAll(schema.bindings().connectionProblems(config.nats().byName().keySet()));
    } catch (SchemaException invalid) {
      schemaProblems.addAll(invalid.problems());
    }
    Manifest trusted = null;
    try {
      trusted = Manifest.load(config.documents().manifests());
    } catch (ConfigException invalid) {
      // one problem a line: every bad entry of every manifest
      configProblems.addAll(invalid.getMessage().lines().toList());
    }
    try {
      ClientAddress.trusting(config.http().trustedProxies());
    } catch (ConfigException invalid) {
      configProblems.add(invalid.getMessage());
    }
    return new OfflineCheck(
        schemaProblems.isEmpty() ? schema : null,
        trusted,
        List.copyOf(schemaProblems),
        List.copyOf(configProblems));
  }

  boolean passed() {
    return schemaProblems.isEmpty() && configProblems.isEmpty();
  }

  /** Prints every problem; returns the exit status of a failed check. */
  int report(PrintStream err) {
    if (!schemaProblems.isEmpty()) {
      err.println("invalid schema:");
      schemaProblems.forEach(err::println);
    }
    configProblems.forEach(problem -> err.println("invalid configuration: " + problem));
    int count = schemaProblems.size() + configProblems.size();
    err.println(count == 1 ? "1 problem" : count + " problems");
    return 1;
  }
}
