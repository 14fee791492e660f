package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.switchboard.bridge.testing.CapturedLog;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Scrape;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.SseClient.Event;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of a running bridge: the schema, permissions and documents swap atomically; a bad
 * schema is refused and the old one keeps serving; operations and subscriptions that started before
 * finish on the schema they started with.
 */
@Timeout(60)
class ReloadIT {
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static final TestIssuer issuer = TestIssuer.create();
  static final String BEFORE =
      """
      type Query {
        count: Int @natsRequest(subject: "%1$s.count")
        slow: Int @natsRequest(subject: "%1$s.slow", timeout: "10s", retries: 0)
      }
      type Tick { n: Int }
      type Subscription {
        ticks: Tick @natsSubscribe(subjects: ["%1$s.ticks"])
      }
      """;
  static final String AFTER =
      """
      type Query {
        total: Int @natsRequest(subject: "%1$s.count")
        slow: Int @natsRequest(subject: "%1$s.slow", timeout: "10s", retries: 0)
      }
      """;

  String prefix;
  Connection services;
  TestBridge bridge;

  @BeforeEach
  void start() {
    prefix = Subjects.uniquePrefix();
    services = nats.connect();
    Responders.answering(services, "count", prefix + ".count", "42");
  }

  @AfterEach
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
  }

  @Test
  void reload_changedSchema_newOperationsUseIt_andOneInFlightFinishesOnTheOld() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Responder.builder(services, "slow", "1.0.0")
        .endpoint(
            "slow",
            prefix + ".slow",
            request -> {
              arrived.countDown();
              release.await(10, TimeUnit.SECONDS);
              return Reply.json("7");
            })
        .start();
    bridge = nats.startBridge(BEFORE.formatted(prefix));
    CompletableFuture<Response> inFlight =
        CompletableFuture.supplyAsync(() -> bridge.client().query("{ slow count }"));
    assertTrue(arrived.await(10, TimeUnit.SECONDS), "the slow request never reached its service");

    writeSchema(AFTER);
    assertTrue(bridge.bridge().reload("test"));
    release.countDown();

    Response old = inFlight.get(10, TimeUnit.SECONDS);
    assertEquals(0, old.errors().size(), old.toString());
    assertEquals(7, old.data().path("slow").asInt());
    assertEquals(42, old.data().path("count").asInt(), "started on the old schema, ends on it");
    assertEquals(42, bridge.client().query("{ total }").data().path("total").asInt());
    assertEquals("GRAPHQL_VALIDATION_FAILED", bridge.client().query("{ count }").firstCode());
    assertEquals(1.0, reloads("success"));
  }

  @Test
  void reload_invalidSchema_isRefusedWithFileAndLine_andTheOldOneKeepsServing() throws Exception {
    bridge = nats.startBridge(BEFORE.formatted(prefix));
    writeSchema(
        """
        type Query {
          count: Int @natsRequest(subject: "%1$s.{{ args.nope }}")
        }
        """);

    try (CapturedLog log = CapturedLog.start()) {
      assertFalse(bridge.bridge().reload("test"));

      String refused = log.await("reload refused");
      assertTrue(refused.contains("schema.graphql:2"), refused);
      assertTrue(refused.contains("names no argument"), refused);
    }
    assertEquals(42, bridge.client().query("{ count }").data().path("count").asInt());
    assertEquals(1.0, reloads("failure"));
    assertEquals(0.0, reloads("success"));
  }

  @Test
  void reload_invalidConfig_isRefusedNamingTheKey() throws Exception {
    bridge = nats.startBridge(BEFORE.formatted(prefix));
    Files.writeString(
        bridge.file("config.yaml"),
        Files.readString(bridge.file("config.yaml")) + "limits:\n  maxDepth: 0\n");

    try (CapturedLog log = CapturedLog.start()) {
      assertFalse(bridge.bridge().reload("test"));

      assertTrue(log.await("reload refused").contains("limits.maxDepth"));
    }
    assertEquals(42, bridge.client().query("{ count }").data().path("count").asInt());
  }

  @Test
  void reload_changedPermissions_applyToTheNextCall_andNothingIsSent() throws Exception {
    String allowCount =
        """
        authorization:
          roles:
            viewer:
              request: ["%1$s.count"]
        """
            .formatted(prefix);
    bridge =
        nats.startBridge(BEFORE.formatted(prefix), "dev: true\n" + issuer.authYaml() + allowCount);
    String token = issuer.tokenFor("vera", claims -> claims.claim("roles", List.of("viewer")));
    assertEquals(42, bridge.client().queryAs(token, "{ count }").data().path("count").asInt());

    Path config = bridge.file("config.yaml");
    Files.writeString(
        config, Files.readString(config).replace("[\"" + prefix + ".count\"]", "[\"other.>\"]"));
    assertTrue(bridge.bridge().reload("test"));

    try (SubjectSpy spy = new SubjectSpy(nats.connect(), prefix + ".>")) {
      Response refused = bridge.client().queryAs(token, "{ count }");

      assertEquals("FORBIDDEN", refused.firstCode(), refused.toString());
      assertEquals(List.of(), spy.messages(), "nothing reaches NATS for a refused call");
    }
  }

  @Test
  void reload_issuerKeyRemovedFromTheKeyFile_refusesItsTokensAtOnce(@TempDir Path keys)
      throws Exception {
    TestIssuer rotating = TestIssuer.create(keys);
    bridge = nats.startBridge(BEFORE.formatted(prefix), "dev: true\n" + rotating.authYaml());
    String token = rotating.tokenFor("vera", claims -> {});
    assertEquals(42, bridge.client().queryAs(token, "{ count }").data().path("count").asInt());

    Files.writeString(
        rotating.jwksFile(), new JWKSet(rotating.ecKey().toPublicJWK()).toString(true));
    assertTrue(bridge.bridge().reload("test"));

    Response refused = bridge.client().queryAs(token, "{ count }");
    assertEquals(401, refused.status(), refused.toString());
    assertEquals("UNAUTHENTICATED", refused.firstCode());
  }

  @Test
  void reload_unreadableIssuerKeyFile_isRefused_andTheKeysInUseStay(@TempDir Path keys)
      throws Exception {
    TestIssuer rotating = TestIssuer.create(keys);
    bridge = nats.startBridge(BEFORE.formatted(prefix), "dev: true\n" + rotating.authYaml());
    Files.writeString(rotating.jwksFile(), "{ not a key set");

    assertFalse(bridge.bridge().reload("test"));

    String token = rotating.tokenFor("vera", claims -> {});
    assertEquals(42, bridge.client().queryAs(token, "{ count }").data().path("count").asInt());
  }

  @Test
  void reload_rotatedSigningKey_isPublishedFirst_thenSigns_andTheOldOneStaysListed(
      @TempDir Path dir) throws Exception {
    List<String> kids = new CopyOnWriteArrayList<>();
    Responder.builder(services, "whoami", "1.0.0")
        .endpoint(
            "whoami",
            prefix + ".whoami",
            request -> {
              String envelope = request.header(SwitchboardHeaders.IDENTITY).orElseThrow();
              kids.add(JWSObject.parse(envelope).getHeader().getKeyID());
              return Reply.json("1");
            })
        .start();
    Files.writeString(dir.resolve("a.json"), key("kid-a"));
    Files.writeString(dir.resolve("b.json"), key("kid-b"));
    String sdl = "type Query { whoami: Int @natsRequest(subject: \"%1$s.whoami\") }";
    bridge =
        nats.startBridge(
            sdl.formatted(prefix),
            "identity: {enabled: true, signingKeyFile: %s/a.json}\n".formatted(dir));
    Path config = bridge.file("config.yaml");
    String keys = "signingKeyFile: %s/a.json".formatted(dir);

    Files.writeString(
        config,
        Files.readString(config)
            .replace(keys, keys + ", publishedKeyFiles: [%s/b.json]".formatted(dir)));
    assertTrue(bridge.bridge().reload("publish the new key"));
    bridge.client().query("{ whoami }");
    assertEquals(List.of("kid-a", "kid-b"), listedKids());

    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "a.json, publishedKeyFiles: [%s/b.json]".formatted(dir),
                "b.json, publishedKeyFiles: [%s/a.json]".formatted(dir)));
    assertTrue(bridge.bridge().reload("activate it"));
    bridge.client().query("{ whoami }");

    assertEquals(List.of("kid-a", "kid-b"), kids, "signed with the old key, then the new one");
    assertEquals(List.of("kid-a", "kid-b"), listedKids(), "both listed while old envelopes live");
  }

  private static String key(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate().toJSONString();
  }

  private List<String> listedKids() throws Exception {
    String jwks = bridge.client().send("GET", "/.well-known/jwks.json", null, Map.of()).text();
    return JWKSet.parse(jwks).getKeys().stream().map(JWK::getKeyID).sorted().toList();
  }

  @Test
  void reload_openSubscription_keepsDeliveringAfterItsFieldIsRemoved() throws Exception {
    bridge = nats.startBridge(BEFORE.formatted(prefix));
    String subject = prefix + ".ticks";
    try (SseClient ticks =
        SseClient.post(
            bridge.port(),
            GraphQLClient.body("subscription { ticks { n } }", null, null),
            Map.of("Accept", "text/event-stream"))) {
      awaitLive(ticks, subject);

      writeSchema(AFTER);
      assertTrue(bridge.bridge().reload("test"));
      publish(subject, 1);

      Event event = ticks.next(Duration.ofSeconds(5));
      assertNotNull(event, "no event after the reload");
      assertTrue(event.data().contains("\"n\":1"), event.toString());
    }
    assertEquals(
        "GRAPHQL_VALIDATION_FAILED",
        bridge.client().query("subscription { ticks { n } }").firstCode(),
        "new subscriptions see the new schema");
  }

  @Test
  void watch_schemaFileChanges_reloadsWithoutASignal() throws Exception {
    bridge =
        nats.startBridge(BEFORE.formatted(prefix), "reload:\n  watch: true\n  debounce: 100ms\n");

    writeSchema(AFTER);

    Probes.awaitTrue(
        () -> bridge.client().query("{ total }").errors().isEmpty(),
        () -> "the changed schema file was not reloaded");
    assertEquals(42, bridge.client().query("{ total }").data().path("total").asInt());
  }

  @Test
  void reload_changedListenerSettings_areReportedAndKeptUntilARestart() throws Exception {
    bridge = nats.startBridge(BEFORE.formatted(prefix));
    Path config = bridge.file("config.yaml");
    Files.writeString(
        config,
        Files.readString(config).replace("eventLoops: 2", "eventLoops: 2\n  maxBodyBytes: 99"));

    try (CapturedLog log = CapturedLog.start()) {
      assertTrue(bridge.bridge().reload("test"));

      assertTrue(log.await("kept the running value").contains("[http]"));
    }
    String longQuery = "{ count " + " ".repeat(200) + "}";
    assertEquals(42, bridge.client().query(longQuery).data().path("count").asInt());
  }

  private double reloads(String result) {
    return Scrape.of(bridge).sum("switchboard_reload_total", Map.of("result", result));
  }

  private void writeSchema(String sdl) throws Exception {
    Files.writeString(bridge.file("schema.graphql"), sdl.formatted(prefix));
  }

  private void publish(String subject, int n) {
    services.publish(subject, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** Publishes n = 0 until one arrives: the subscription is live. */
  private void awaitLive(SseClient client, String subject) {
    for (int attempt = 0; attempt < 100; attempt++) {
      publish(subject, 0);
      if (client.poll(Duration.ofMillis(100)) != null) {
        client.drained();
        return;
      }
    }
    throw new AssertionError("the subscription never delivered");
  }
}
