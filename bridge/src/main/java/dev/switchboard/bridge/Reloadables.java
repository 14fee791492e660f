package dev.switchboard.bridge;

import dev.switchboard.bridge.auth.Authenticator;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.documents.DocumentRules;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.graphql.LiveEngine;
import dev.switchboard.bridge.reload.Reloader;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.bridge.schema.SchemaLoader;
import dev.switchboard.bridge.subscriptions.Subscriptions;
import dev.switchboard.bridge.telemetry.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;

/**
 * What a reload replaces: the schema with the engine that checks and runs documents against it
 * (trusted documents, limits), the permissions, the issuer's key file and the identity keys.
 * Start-up builds the first engine the same way, so a reload checks exactly what a start would.
 */
final class Reloadables implements Reloader.Target {
  private final ConfiguredCalls calls;
  private final Authenticator authenticator;
  private final Subscriptions subscriptions;
  private final MeterRegistry metrics;
  private final Tracing tracing;
  private final LiveEngine engines;

  Reloadables(
      BridgeConfig config,
      ConfiguredCalls calls,
      Authenticator authenticator,
      Subscriptions subscriptions,
      MeterRegistry metrics,
      Tracing tracing)
      throws SchemaException, ConfigException {
    this.calls = calls;
    this.authenticator = authenticator;
    this.subscriptions = subscriptions;
    this.metrics = metrics;
    this.tracing = tracing;
    GraphQLEngine first = engine(config);
    tracing.describe(first.schema().bindings());
    this.engines = new LiveEngine(first);
  }

  LiveEngine engines() {
    return engines;
  }

  @Override
  public void apply(BridgeConfig next) throws ConfigException, SchemaException, IOException {
    GraphQLEngine engine = engine(next);
    Runnable issuerKeys = authenticator.readKeysAgain();
    // the last step that may fail: the signer checks every key file before it swaps its keys
    if (calls.signer().isPresent()) {
      calls.signer().get().reload(next.identity());
    }
    // nothing below fails: the swap is all or nothing
    issuerKeys.run();
    calls.authorizer().replace(next.authorization());
    tracing.describe(engine.schema().bindings());
    engines.swap(engine);
  }

  private GraphQLEngine engine(BridgeConfig config) throws SchemaException, ConfigException {
    LoadedSchema schema =
        SchemaLoader.load(
            config.schema().files(), config.requests(), calls.fetchers(config, subscriptions));
    schema.bindings().requireConnections(config.nats().byName().keySet());
    return new GraphQLEngine(
        schema, config, DocumentRules.load(config.documents()), metrics, tracing);
  }
}
