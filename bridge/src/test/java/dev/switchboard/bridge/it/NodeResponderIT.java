package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.bridge.demo.DemoServices;
import dev.switchboard.bridge.nats.ServiceConnection;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.NodeResponder;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.identity.IdentityEnvelope;
import dev.switchboard.subjects.identity.IdentityVerifier;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.service.Discovery;
import io.nats.service.InfoResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Node.js responder example ({@code deploy/examples/node-responder}) in place of the Java demo
 * customers service: the demo schema answers the same through the bridge, and the example verifies
 * the identity envelope with keys fetched from the bridge over NATS, refusing anything else the way
 * the Java responder API does. The demo's subjects are fixed, so this class has its own
 * nats-server.
 */
@Timeout(120)
class NodeResponderIT {
  static final String KEY_ID = "demo-bridge-key";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A direct customer lookup on top of the demo schema, so a not-found can be asked for. */
  static final String CUSTOMER_LOOKUP =
      """
      extend type Query {
        customer(id: ID!): Customer @natsRequest(subject: "demo.customers.get.{{ args.id }}", timeout: "2s")
      }
      """;

  static final List<String> QUERIES =
      List.of(
          "{ order(id: \"1\") { id customer { id name email } } }",
          "{ orders { id customerId customer { id name email } } }",
          "{ order(id: \"2\") { customer { name } payment { state } } }",
          "{ customer(id: \"c2\") { id name email } }",
          "{ customer(id: \"c9\") { id name } }");

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();
  static final TestIssuer issuer = TestIssuer.create();
  @TempDir static Path dir;
  static ECKey bridgeKey;
  static Path keyFile;
  static ServiceConnection javaServices;
  static String javaCustomersId;
  static TestBridge bridge;
  static NodeResponder node;
  static Connection rogue;
  static final Map<String, JsonNode> javaAnswers = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(NodeResponder.nodeInstalled(), "node is not installed (CI installs it)");
    bridgeKey = new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).generate();
    keyFile = Files.writeString(dir.resolve("identity-key.json"), bridgeKey.toJSONString());
    javaServices = ServiceConnection.open(nats.url());
    List<Responder> java = DemoServices.start(javaServices);
    bridge =
        nats.startBridge(
            CUSTOMER_LOOKUP,
            "dev: true\n"
                + issuer.authYaml()
                + "  anonymous: {enabled: true, role: guest}\n"
                + "identity:\n  signingKeyFile: "
                + keyFile
                + "\n",
            Map.of("SWITCHBOARD_SCHEMA_FILES", "classpath:demo/schema.graphql,schema.graphql"));
    for (String query : QUERIES) {
      javaAnswers.put(query, comparable(bridge.client().query(query)));
    }
    Responder javaCustomers =
        java.stream().filter(r -> r.name().equals("demo-customers")).findFirst().orElseThrow();
    javaCustomersId = javaCustomers.id();
    javaCustomers.close();
    // no wait between refetches, so the rotation test need not wait out the default 30 s
    node = NodeResponder.start(Map.of("NATS_URL", nats.url(), "JWKS_MIN_REFETCH_MS", "0"));
    rogue = nats.connect();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (javaServices != null) {
      javaServices.close();
    }
  }

  @Test
  void demoQueries_answerExactlyAsWithTheJavaService() {
    JsonNode javaLookup = javaAnswers.get(QUERIES.get(3));
    assertEquals("Grace Hopper", javaLookup.path("data").path("customer").path("name").asText());
    for (String query : QUERIES) {
      assertEquals(javaAnswers.get(query), comparable(bridge.client().query(query)), query);
    }
  }

  @Test
  void unknownCustomer_isServiceError404_asFromTheJavaService() {
    Response response = bridge.client().query("{ customer(id: \"c9\") { id } }");

    JsonNode error = response.errors().path(0);
    assertEquals(
        "SERVICE_ERROR", error.path("extensions").path("code").asText(), response::toString);
    assertEquals(404, error.path("extensions").path("serviceCode").asInt());
    assertEquals("customer not found", error.path("message").asText());
    assertTrue(response.data().path("customer").isNull(), response::toString);
  }

  @Test
  void signedInCaller_reachesTheNodeResponderVerified() {
    String token = issuer.tokenFor("alice", claims -> {});

    Response response = bridge.client().queryAs(token, "{ customer(id: \"c1\") { name } }");

    assertEquals(
        "Ada Lovelace", response.data().path("customer").path("name").asText(), response::toString);
    node.awaitLine(line -> line.startsWith("answered demo.customers.get.c1 for alice "));
  }

  @Test
  void envelopeSignedWithTheBridgeKey_directlyOverNats_isAnswered() throws Exception {
    Message reply = request(rogue, "demo.customers.get.c2", envelope(bridgeKey, "carol", 300));

    assertFalse(reply.hasHeaders(), "no Nats-Service-Error: " + reply.getHeaders());
    assertEquals(
        "Grace Hopper",
        JSON.readTree(new String(reply.getData(), StandardCharsets.UTF_8)).path("name").asText());
    node.awaitLine(line -> line.startsWith("answered demo.customers.get.c2 for carol "));
  }

  @Test
  void forgedExpiredOrMissingEnvelope_isRefused401_exactlyAsByTheJavaResponder() throws Exception {
    ECKey sameKidOtherKey = new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).generate();
    ECKey unknownKid = new ECKeyGenerator(Curve.P_256).keyID("not-the-bridges").generate();
    Map<String, String> envelopes = new LinkedHashMap<>();
    envelopes.put("same kid, other key", envelope(sameKidOtherKey, "root", 300));
    envelopes.put("unknown kid", envelope(unknownKid, "root", 300));
    envelopes.put("expired", envelope(bridgeKey, "alice", -120));
    envelopes.put("missing", null);
    envelopes.put("garbage", "not.a.jws");
    try (IdentityVerifier verifier = IdentityVerifier.builder().natsJwks(rogue).build();
        Responder javaTwin =
            Responder.builder(rogue, "java-twin", "1.0.0")
                .verifyIdentity(verifier)
                .requireIdentity()
                .endpoint("get", "twin.customers.get.*", request -> Reply.json("{}"))
                .start()) {
      for (Map.Entry<String, String> attempt : envelopes.entrySet()) {
        Message fromNode = request(rogue, "demo.customers.get.c1", attempt.getValue());
        Message fromJava = request(rogue, "twin.customers.get.c1", attempt.getValue());

        assertEquals("401", errorCode(fromNode), attempt.getKey());
        assertEquals(errorCode(fromJava), errorCode(fromNode), attempt.getKey());
        assertEquals(errorText(fromJava), errorText(fromNode), attempt.getKey());
        assertEquals(0, fromNode.getData().length, attempt.getKey());
      }
    }
    node.awaitLine(
        line -> line.startsWith("refused demo.customers.get.c1: signature verification failed"));
  }

  @Test
  void bridgeKeyRotation_newKidIsFetchedAgain_andTheCallerAnswered() throws Exception {
    Response before = bridge.client().query("{ customer(id: \"c1\") { name } }");
    assertEquals(
        0, before.errors().size(), "the node responder holds the first key set: " + before);
    ECKey next = new ECKeyGenerator(Curve.P_256).keyID("demo-bridge-key-2").generate();
    Path nextFile = Files.writeString(dir.resolve("identity-key-2.json"), next.toJSONString());
    Path config = bridge.file("config.yaml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "signingKeyFile: " + keyFile,
                "signingKeyFile: " + nextFile + "\n  publishedKeyFiles: [\"" + keyFile + "\"]"));
    assertTrue(bridge.bridge().reload("test"));
    SubjectSpy spy = nats.spy("demo.customers.get.>");

    Response after =
        bridge
            .client()
            .queryAs(issuer.tokenFor("dave", claims -> {}), "{ customer(id: \"c2\") { name } }");

    assertEquals(
        "Grace Hopper", after.data().path("customer").path("name").asText(), after::toString);
    Probes.awaitTrue(() -> !spy.messages().isEmpty(), () -> "the spy saw no request");
    String envelope = spy.messages().get(0).getHeaders().getFirst(SwitchboardHeaders.IDENTITY);
    assertEquals("demo-bridge-key-2", SignedJWT.parse(envelope).getHeader().getKeyID());
    node.awaitLine(line -> line.startsWith("answered demo.customers.get.c2 for dave "));
  }

  @Test
  void nodeResponder_replacesTheJavaOneInServiceDiscovery() throws Exception {
    List<InfoResponse> customers = new Discovery(rogue, 1000, 10).info("demo-customers");

    assertEquals(1, customers.size(), customers::toString);
    assertNotEquals(javaCustomersId, customers.get(0).getId());
    assertEquals("1.0.0", customers.get(0).getVersion());
    assertEquals("demo.customers.get.*", customers.get(0).getEndpoints().get(0).getSubject());
    assertEquals("q", customers.get(0).getEndpoints().get(0).getQueueGroup());
  }

  /** The response without what differs per request (the correlation id). */
  private static JsonNode comparable(Response response) {
    JsonNode json = response.json().deepCopy();
    for (JsonNode error : json.path("errors")) {
      ((ObjectNode) error.path("extensions")).remove("correlationId");
    }
    return json;
  }

  private static Message request(Connection connection, String subject, String envelope)
      throws Exception {
    Headers headers = new Headers();
    if (envelope != null) {
      headers.put(SwitchboardHeaders.IDENTITY, envelope);
    }
    NatsMessage message =
        NatsMessage.builder().subject(subject).headers(headers).data(new byte[0]).build();
    Message reply = connection.request(message, Duration.ofSeconds(5));
    if (reply == null) {
      throw new AssertionError("no reply on " + subject);
    }
    return reply;
  }

  private static String errorCode(Message reply) {
    return reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE);
  }

  private static String errorText(Message reply) {
    return reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR);
  }

  /** An envelope as the bridge makes one, signed with {@code key}, expiring in {@code seconds}. */
  private static String envelope(ECKey key, String subject, int seconds) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(IdentityEnvelope.DEFAULT_ISSUER)
            .audience(IdentityEnvelope.DEFAULT_AUDIENCE)
            .subject(subject)
            .issueTime(Date.from(now.minusSeconds(600)))
            .expirationTime(Date.from(now.plusSeconds(seconds)))
            .claim(IdentityEnvelope.ROLES, List.of("customer"))
            .claim(IdentityEnvelope.ANONYMOUS, false)
            .build();
    JWSHeader header =
        new JWSHeader.Builder(IdentityEnvelope.ALGORITHM)
            .keyID(key.getKeyID())
            .type(IdentityEnvelope.TYPE)
            .build();
    return TestIssuer.sign(header, claims, new ECDSASigner(key));
  }
}
