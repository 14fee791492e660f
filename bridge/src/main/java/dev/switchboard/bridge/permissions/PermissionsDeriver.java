package dev.switchboard.bridge.permissions;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.config.DeadLettersConfig;
import dev.switchboard.bridge.config.NatsConfig;
import dev.switchboard.bridge.identity.JwksPublisher;
import dev.switchboard.bridge.schema.Bindings;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.schema.RequestBinding;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.bridge.schema.SchemaLoader;
import dev.switchboard.bridge.schema.SubscribeBinding;
import dev.switchboard.subjects.SubjectTemplate;
import graphql.schema.DataFetcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest NATS permissions the bridge's user needs on one connection, from the schema's
 * bindings and the config. Every subject template counts with each placeholder as {@code *} (static
 * wildcards of subscriptions stay); nothing else the bridge does at run time touches NATS subjects
 * (readiness and flushes are protocol PINGs, stream publishes are plain requests whose
 * acknowledgement comes to the inbox).
 */
public final class PermissionsDeriver {
  /** The discovery verbs jnats's service framework answers, for every service and by name. */
  private static final List<String> DISCOVERY_VERBS = List.of("PING", "INFO", "STATS");

  /** Never called: the schema is only read for its bindings. */
  private static final DataFetcher<Object> OFFLINE =
      environment -> {
        throw new IllegalStateException("offline schema");
      };

  private PermissionsDeriver() {}

  /**
   * @param permissions what the bridge's user needs
   * @param warnings one line per field whose permissions are wider than they could be, saying how
   *     to narrow them
   */
  public record Derived(NatsPermissions permissions, List<String> warnings) {
    public Derived {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Reads the configured schema (offline: nothing is executed or connected) and derives from it.
   *
   * @throws SchemaException when the schema is invalid or names a connection the config lacks
   */
  public static Derived derive(BridgeConfig config, String connection)
      throws ConfigException, SchemaException {
    LoadedSchema schema =
        SchemaLoader.load(config.schema().files(), config.requests(), binding -> OFFLINE);
    schema.bindings().requireConnections(config.nats().byName().keySet());
    return derive(schema.bindings(), config, connection);
  }

  /**
   * @param connection a connection name from {@link NatsConfig#byName()}
   * @throws ConfigException when the config has no such connection (the message names the known
   *     ones)
   */
  public static Derived derive(Bindings bindings, BridgeConfig config, String connection)
      throws ConfigException {
    NatsConfig nats = config.nats().byName().get(connection);
    if (nats == null) {
      throw new ConfigException(
          "unknown connection '"
              + connection
              + "' (configured: "
              + String.join(", ", config.nats().byName().keySet())
              + ")");
    }
    NatsPermissions.Builder permissions = NatsPermissions.builder();
    List<String> warnings = new ArrayList<>();
    // requests, JetStream calls and consumers all reply to the connection's own inbox prefix
    permissions.subscribe(nats.inboxPrefix() + ".>");
    for (RequestBinding binding : bindings.requests()) {
      if (binding.connection().equals(connection)) {
        permissions.publish(binding.subject().widened());
      }
    }
    for (PublishBinding binding : bindings.publishes()) {
      if (binding.connection().equals(connection)) {
        // stream publishes too: a plain publish whose PubAck comes to the inbox
        permissions.publish(binding.subject().widened());
      }
    }
    JetStreamApi api = new JetStreamApi(nats.jetStream().apiSubjectPrefix());
    for (SubscribeBinding binding : bindings.subscribes()) {
      if (binding.connection().equals(connection)) {
        addSubscription(binding, api, permissions, warnings);
      }
    }
    DeadLettersConfig deadLetters = config.deadLetters();
    if (deadLetters.enabled() && deadLetters.connection().equals(connection)) {
      // dead letters are stream publishes (PubAck to the inbox); the stream is checked at start
      permissions.publish(deadLetters.streamSubjects());
      permissions.publish(api.streamInfo(deadLetters.stream()));
      if (deadLetters.create()) {
        permissions.publish(api.streamCreate(deadLetters.stream()));
      }
    }
    if (NatsConfig.DEFAULT.equals(connection) && config.identity().enabledWith(config.auth())) {
      addJwksService(config.identity().jwksSubject(), permissions);
    }
    return new Derived(permissions.build(), warnings);
  }

  private static void addSubscription(
      SubscribeBinding binding,
      JetStreamApi api,
      NatsPermissions.Builder permissions,
      List<String> warnings) {
    for (SubjectTemplate subject : binding.subjects()) {
      String filter = subject.widened();
      if (!binding.stream()) {
        permissions.subscribe(filter);
      } else if (binding.streamName() != null) {
        // events arrive on an inbox subject: the stream's subjects need no subscribe permission
        permissions.publish(api.consumerCreate(binding.streamName(), filter));
        permissions.publish(JetStreamApi.flowControl(binding.streamName()));
      } else {
        permissions.publish(api.streamNames());
        permissions.publish(api.consumerCreate(JetStreamApi.ANY_STREAM, filter));
        permissions.publish(JetStreamApi.flowControl(JetStreamApi.ANY_STREAM));
        warnings.add(
            binding.coordinate()
                + " ("
                + binding.location()
                + ") has no streamName, so its stream is looked up by subject at run time and"
                + " the bridge's user may create consumers on any stream storing "
                + filter
                + "; streamName: \"...\" on its @natsSubscribe narrows this to that stream");
      }
    }
  }

  /**
   * The identity JWKS responder: its endpoint (a queue subscription), the {@code $SRV} discovery
   * subjects of jnats's service framework, and one reply to each requester's inbox.
   */
  private static void addJwksService(String jwksSubject, NatsPermissions.Builder permissions) {
    permissions.subscribe(jwksSubject);
    for (String verb : DISCOVERY_VERBS) {
      String all = "$SRV." + verb;
      permissions.subscribe(all);
      permissions.subscribe(all + "." + JwksPublisher.SERVICE);
      permissions.subscribe(all + "." + JwksPublisher.SERVICE + ".*");
    }
    permissions.allowResponses();
  }
}
