package dev.switchboard.bridge.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.permissions.PermissionsDeriver.Derived;
import dev.switchboard.bridge.schema.SchemaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionsDeriverTest {
  /** Discovery subjects of the identity JWKS responder (jnats's service framework). */
  static final List<String> JWKS_DISCOVERY =
      List.of(
          "$SRV.INFO",
          "$SRV.INFO.switchboard-identity",
          "$SRV.INFO.switchboard-identity.*",
          "$SRV.PING",
          "$SRV.PING.switchboard-identity",
          "$SRV.PING.switchboard-identity.*",
          "$SRV.STATS",
          "$SRV.STATS.switchboard-identity",
          "$SRV.STATS.switchboard-identity.*");

  @TempDir Path dir;

  private Derived derive(String sdl, String yaml, String connection) throws Exception {
    Files.writeString(dir.resolve("schema.graphql"), sdl);
    BridgeConfig config =
        ConfigLoader.parse(
            "schema:\n  files: [schema.graphql]\n" + yaml, dir, Map.of(), "test config");
    return PermissionsDeriver.derive(config, connection);
  }

  private Derived derive(String sdl, String yaml) throws Exception {
    return derive(sdl, yaml, "default");
  }

  private static List<String> sorted(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).sorted().toList();
  }

  @Test
  void derive_demoSchemaWithIdentity_grantsEachFieldItsSubjectAndTheJwksService() throws Exception {
    Derived derived =
        derive(
            Files.readString(Path.of("src/main/resources/demo/schema.graphql")),
            "dev: true\nidentity:\n  enabled: true\n");

    NatsPermissions permissions = derived.permissions();
    assertEquals(
        List.of(
            "$JS.API.CONSUMER.CREATE.ORDERS.*.demo.orders.events.*",
            "$JS.FC.ORDERS.>",
            "demo.*.invoices.get.*",
            "demo.*.invoices.list",
            "demo.audit.trail",
            "demo.clicks",
            "demo.customers.get.*",
            "demo.orders.events.*",
            "demo.orders.get.*",
            "demo.orders.list",
            "demo.orders.place",
            "demo.payments.get.*",
            "demo.reports.slow"),
        permissions.publish());
    assertEquals(
        sorted(
            JWKS_DISCOVERY,
            List.of(
                "_INBOX_switchboard.>",
                "demo.clicks",
                "demo.orders.events.*",
                "switchboard.identity.jwks")),
        permissions.subscribe());
    assertTrue(permissions.allowResponses());
    assertEquals(List.of(), derived.warnings(), "the demo names its stream");
  }

  @Test
  void derive_placeholders_becomeOneTokenWildcards_andStaticWildcardsStay() throws Exception {
    Derived derived =
        derive(
            """
            type Query {
              a(id: ID!): String @natsRequest(subject: "t.{{ claims.tenant }}.get.{{ args.id }}")
              b(id: ID!): String @natsRequest(subject: "t.item-{{ args.id }}.get")
            }
            type Mutation { m(id: ID!): PublishResult @natsPublish(subject: "t.events.{{ args.id }}") }
            type Subscription {
              s(id: ID!): String @natsSubscribe(subjects: ["t.live.{{ args.id }}.*", "t.all.>"])
            }
            """,
            "");

    assertEquals(List.of("t.*.get", "t.*.get.*", "t.events.*"), derived.permissions().publish());
    assertEquals(
        List.of("_INBOX_switchboard.>", "t.all.>", "t.live.*.*"),
        derived.permissions().subscribe());
    assertFalse(derived.permissions().allowResponses(), "identity is off: no responder");
  }

  @Test
  void derive_patternsAnotherOneCovers_areLeftOut() throws Exception {
    Derived derived =
        derive(
            """
            type Query {
              a(id: ID!): String @natsRequest(subject: "t.get.{{ args.id }}")
              b: String @natsRequest(subject: "t.get.one")
              c: String @natsRequest(subject: "t.get.one")
            }
            type Subscription {
              s: String @natsSubscribe(subjects: ["t.live.>"])
              t: String @natsSubscribe(subjects: ["t.live.x.*"])
            }
            """,
            "");

    assertEquals(List.of("t.get.*"), derived.permissions().publish());
    assertEquals(List.of("_INBOX_switchboard.>", "t.live.>"), derived.permissions().subscribe());
  }

  @Test
  void derive_streamPublish_isAPlainPublish_evenWithAStreamName() throws Exception {
    Derived derived =
        derive(
            """
            type Query { q: String @natsRequest(subject: "t.q") }
            type Mutation {
              a(id: ID!): PublishResult @natsPublish(subject: "t.a.{{ args.id }}", stream: true)
              b: PublishResult @natsPublish(subject: "t.b", streamName: "B")
            }
            """,
            "");

    assertEquals(List.of("t.a.*", "t.b", "t.q"), derived.permissions().publish());
    assertEquals(List.of(), derived.warnings());
  }

  @Test
  void derive_deadLetters_grantTheirSubjects_andDescribingAndCreatingTheirStream()
      throws Exception {
    String sdl = "type Query { q: String @natsRequest(subject: \"t.q\") }";

    Derived creating = derive(sdl, "deadLetters:\n  stream: DEAD\n  subject: t.dead\n");
    Derived checking =
        derive(sdl, "deadLetters:\n  stream: DEAD\n  subject: t.dead\n  create: false\n");

    assertEquals(
        List.of("$JS.API.STREAM.CREATE.DEAD", "$JS.API.STREAM.INFO.DEAD", "t.dead.>", "t.q"),
        creating.permissions().publish());
    assertEquals(
        List.of("$JS.API.STREAM.INFO.DEAD", "t.dead.>", "t.q"), checking.permissions().publish());
  }

  @Test
  void derive_streamSubscriptionWithStreamName_grantsThatStreamsConsumerAndFlowControlOnly()
      throws Exception {
    Derived derived =
        derive(
            """
            type Query { q: String @natsRequest(subject: "t.q") }
            type Subscription {
              h(id: ID!, fromSequence: Int): String
                @natsSubscribe(subjects: ["t.events.{{ args.id }}"], streamName: "EVENTS")
              all(fromSequence: Int): String @natsSubscribe(subjects: [">"], streamName: "ALL")
            }
            """,
            "");

    assertEquals(
        List.of(
            "$JS.API.CONSUMER.CREATE.ALL.*",
            "$JS.API.CONSUMER.CREATE.EVENTS.*.t.events.*",
            "$JS.FC.ALL.>",
            "$JS.FC.EVENTS.>",
            "t.q"),
        derived.permissions().publish());
    assertEquals(
        List.of("_INBOX_switchboard.>"),
        derived.permissions().subscribe(),
        "events come to the inbox: no subscribe permission on the stream's subjects");
    assertEquals(List.of(), derived.warnings());
  }

  @Test
  void derive_streamSubscriptionWithoutStreamName_grantsTheLookupAndAnyStream_andWarns()
      throws Exception {
    Derived derived =
        derive(
            """
            type Query { q: String @natsRequest(subject: "t.q") }
            type Subscription {
              h(id: ID!, fromSequence: Int): String
                @natsSubscribe(subjects: ["t.events.{{ args.id }}"], stream: true)
            }
            """,
            "");

    assertEquals(
        List.of(
            "$JS.API.CONSUMER.CREATE.*.*.t.events.*", "$JS.API.STREAM.NAMES", "$JS.FC.*.>", "t.q"),
        derived.permissions().publish());
    assertEquals(1, derived.warnings().size(), derived.warnings()::toString);
    String warning = derived.warnings().get(0);
    assertTrue(warning.startsWith("Subscription.h ("), warning);
    assertTrue(warning.contains("streamName"), warning);
    assertTrue(warning.contains("t.events.*"), warning);
  }

  @Test
  void derive_jetStreamDomain_prefixesTheApiButNotFlowControl() throws Exception {
    String sdl =
        """
        type Query { q: String @natsRequest(subject: "t.q") }
        type Subscription {
          h(fromSequence: Int): String @natsSubscribe(subjects: ["t.events"], streamName: "E")
          l(fromSequence: Int): String @natsSubscribe(subjects: ["t.other"], stream: true)
        }
        """;

    Derived domain = derive(sdl, "nats:\n  jetStream:\n    domain: hub\n");
    Derived prefix = derive(sdl, "nats:\n  jetStream:\n    apiPrefix: JS.import.API\n");

    assertEquals(
        List.of(
            "$JS.FC.*.>",
            "$JS.hub.API.CONSUMER.CREATE.*.*.t.other",
            "$JS.hub.API.CONSUMER.CREATE.E.*.t.events",
            "$JS.hub.API.STREAM.NAMES",
            "t.q"),
        domain.permissions().publish());
    assertEquals(
        List.of(
            "$JS.FC.*.>",
            "JS.import.API.CONSUMER.CREATE.*.*.t.other",
            "JS.import.API.CONSUMER.CREATE.E.*.t.events",
            "JS.import.API.STREAM.NAMES",
            "t.q"),
        prefix.permissions().publish());
  }

  static final String NAMED_SDL =
      """
      type Query {
        a: String @natsRequest(subject: "main.a")
        b(id: ID!): String @natsRequest(subject: "ev.b.{{ args.id }}", connection: "events")
      }
      type Mutation { p: PublishResult @natsPublish(subject: "ev.p", connection: "events") }
      type Subscription {
        s: String @natsSubscribe(subjects: ["ev.s"], connection: "events")
        t: String @natsSubscribe(subjects: ["main.t"])
      }
      """;

  static final String NAMED_YAML =
      """
      dev: true
      identity:
        enabled: true
      nats:
        name: api
        connections:
          events:
            urls: ["nats://127.0.0.1:4223"]
            inboxPrefix: _INBOX_events
      """;

  @Test
  void derive_namedConnection_grantsOnlyItsFields_itsInbox_andNoJwksService() throws Exception {
    Derived events = derive(NAMED_SDL, NAMED_YAML, "events");

    assertEquals(List.of("ev.b.*", "ev.p"), events.permissions().publish());
    assertEquals(List.of("_INBOX_events.>", "ev.s"), events.permissions().subscribe());
    assertFalse(events.permissions().allowResponses(), "the JWKS responder is on default only");
  }

  @Test
  void derive_defaultConnection_leavesTheNamedConnectionsFieldsOut() throws Exception {
    Derived main = derive(NAMED_SDL, NAMED_YAML, "default");

    assertEquals(List.of("main.a"), main.permissions().publish());
    assertEquals(
        sorted(JWKS_DISCOVERY, List.of("_INBOX_api.>", "main.t", "switchboard.identity.jwks")),
        main.permissions().subscribe());
    assertTrue(main.permissions().allowResponses());
  }

  @Test
  void derive_configuredJwksSubject_isTheOneGranted() throws Exception {
    Derived derived =
        derive(
            "type Query { q: String @natsRequest(subject: \"t.q\") }",
            "dev: true\nidentity:\n  enabled: true\n  jwksSubject: keys.bridge\n");

    assertTrue(derived.permissions().subscribe().contains("keys.bridge"));
    assertFalse(derived.permissions().subscribe().contains("switchboard.identity.jwks"));
  }

  @Test
  void derive_unknownConnection_failsNamingTheConfiguredOnes() {
    ConfigException unknown =
        assertThrows(ConfigException.class, () -> derive(NAMED_SDL, NAMED_YAML, "billing"));

    assertEquals(
        "unknown connection 'billing' (configured: default, events)", unknown.getMessage());
  }

  @Test
  void derive_fieldOnAConnectionTheConfigLacks_isASchemaError() {
    assertThrows(SchemaException.class, () -> derive(NAMED_SDL, "", "default"));
  }
}
