package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.identity.Identity;
import dev.switchboard.subjects.identity.IdentityVerifier;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Request;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-tenant isolation end to end: a tenant's token reaches its own service and nothing of
 * another tenant's, whatever the arguments and whatever the claim holds. "Nothing" is proved by a
 * spy on the other tenant's subjects, not inferred from the error.
 */
@Timeout(60)
class TenantIsolationIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BOTH_TENANTS =
      "{ a: invoices(tenant: \"tenantA\") { id } b: invoices(tenant: \"tenantB\") { id } }";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static final TestIssuer issuer = TestIssuer.create();
  static Path signingKeyFile;
  @TempDir static Path dir;

  Connection spies;
  ExecutorService work;
  IdentityVerifier verifier;
  Responder responder;
  String prefix;
  TestBridge bridge;

  /** Every request a service answered, by endpoint. */
  final Map<String, List<Request>> received =
      Map.of(
          "tenantA",
          new CopyOnWriteArrayList<>(),
          "tenantB",
          new CopyOnWriteArrayList<>(),
          "tenantC",
          new CopyOnWriteArrayList<>(),
          "public",
          new CopyOnWriteArrayList<>(),
          "secretB",
          new CopyOnWriteArrayList<>());

  @BeforeAll
  static void createSigningKey() throws Exception {
    signingKeyFile = dir.resolve("bridge-signing-key.json");
    Files.writeString(
        signingKeyFile,
        new ECKeyGenerator(Curve.P_256).keyID("tenant-it").generate().toJSONString());
  }

  @BeforeEach
  void start() {
    Connection services = nats.connect();
    spies = nats.connect();
    prefix = Subjects.uniquePrefix();
    String jwksSubject = "jwks." + prefix;
    bridge =
        nats.startBridge(
            """
        type Query {
          invoices(tenant: ID!): [Invoice] @natsRequest(subject: "%1$s.{{ args.tenant }}.invoices", timeout: "3s", retries: 0)
          myInvoices: [Invoice] @natsRequest(subject: "%1$s.{{ claims.tenant }}.invoices", timeout: "3s", retries: 0)
          secret(tenant: ID!): [Invoice] @natsRequest(subject: "%1$s.{{ args.tenant }}.secret", timeout: "3s", retries: 0)
        }
        type Invoice { id: ID!, tenant: String, seenTenantClaim: String }
        """
                .formatted(prefix),
            issuer.authYaml()
                + """
          anonymous:
            enabled: true
            role: guest
        identity:
          signingKeyFile: %2$s
          jwksSubject: %3$s
          claims: [tenant]
        authorization:
          roles:
            customer:
              request: ["%1$s.{{ claims.tenant }}.>"]
            guest:
              request: ["%1$s.public.>"]
            admin:
              request: ["%1$s.>"]
              deny:
                request: ["%1$s.*.secret"]
          deny:
            request: ["%1$s.tenantC.>"]
        """
                    .formatted(prefix, signingKeyFile, jwksSubject));
    work = Executors.newCachedThreadPool();
    verifier = IdentityVerifier.builder().natsJwks(services, jwksSubject).build();
    Responder.Builder builder =
        Responder.builder(services, "invoices", "1.0.0")
            .executor(work)
            .verifyIdentity(verifier)
            .requireIdentity();
    for (String tenant : List.of("tenantA", "tenantB", "tenantC", "public")) {
      builder.endpoint(
          tenant, prefix + "." + tenant + ".invoices", request -> answer(tenant, request));
    }
    responder =
        builder
            .endpoint("secretB", prefix + ".tenantB.secret", request -> answer("secretB", request))
            .start();
  }

  private Reply answer(String endpoint, Request request) {
    received.get(endpoint).add(request);
    Identity caller = request.identity().orElseThrow();
    Object claim = caller.claim("tenant").orElse(null);
    return Reply.json(
        json(
            List.of(
                Map.of(
                    "id",
                    endpoint + "-1",
                    "tenant",
                    endpoint,
                    "seenTenantClaim",
                    claim == null ? "(none)" : claim))));
  }

  @AfterEach
  void stop() {
    responder.close();
    verifier.close();
    work.shutdownNow();
  }

  @Test
  void myInvoices_tenantAToken_reachesOnlyTenantAsService() {
    try (SubjectSpy tenantB = spy("tenantB")) {
      Response response =
          query(customer("tenantA"), "{ myInvoices { id tenant seenTenantClaim } }");

      assertEquals(0, response.errors().size(), response.toString());
      assertEquals("tenantA", response.data().path("myInvoices").path(0).path("tenant").asText());
      assertEquals(
          "tenantA",
          response.data().path("myInvoices").path(0).path("seenTenantClaim").asText(),
          "the service sees the tenant the bridge verified");
      assertEquals(1, received.get("tenantA").size());
      assertEquals(0, tenantB.messages().size());
    }
  }

  @Test
  void invoices_ownTenantAsArgument_isAllowed() {
    Response response = query(customer("tenantA"), "{ invoices(tenant: \"tenantA\") { tenant } }");

    assertEquals(0, response.errors().size(), response.toString());
    assertEquals("tenantA", response.data().path("invoices").path(0).path("tenant").asText());
  }

  @Test
  void invoices_tenantAAskingForTenantB_isForbidden_andTenantBReceivesNothing() {
    try (SubjectSpy tenantB = spy("tenantB")) {
      Response response =
          query(customer("tenantA"), "{ invoices(tenant: \"tenantB\") { id tenant } }");

      assertEquals(200, response.status());
      assertEquals("FORBIDDEN", response.firstCode());
      assertTrue(response.data().path("invoices").isNull());
      assertFalse(response.text().contains(prefix), "no subject leaks: " + response.text());
      assertEquals(0, tenantB.messages().size(), "nothing was sent to tenant B's subjects");
      assertEquals(0, received.get("tenantB").size());
    }
  }

  @Test
  void invoices_bothTenantsInOneQuery_givesOwnDataAndForbiddenForTheOther() {
    try (SubjectSpy tenantB = spy("tenantB")) {
      Response response =
          query(
              customer("tenantA"),
              "{ mine: invoices(tenant: \"tenantA\") { tenant } theirs: invoices(tenant: \"tenantB\") { tenant } }");

      assertEquals("tenantA", response.data().path("mine").path(0).path("tenant").asText());
      assertTrue(response.data().path("theirs").isNull());
      assertEquals(1, response.errors().size(), response.toString());
      assertEquals("FORBIDDEN", response.firstCode());
      assertEquals("theirs", response.errors().path(0).path("path").path(0).asText());
      assertEquals(0, tenantB.messages().size());
    }
  }

  @Test
  void tokenWithoutTenantClaim_getsNothing_andNothingIsSent() {
    String noTenant =
        issuer.tokenFor("nobody", claims -> claims.claim("roles", List.of("customer")));
    try (SubjectSpy everything = spy(">")) {
      Response mine = query(noTenant, "{ myInvoices { id } }");
      Response named = query(noTenant, BOTH_TENANTS);

      assertEquals("BAD_USER_INPUT", mine.firstCode(), mine.toString());
      assertTrue(mine.data().path("myInvoices").isNull());
      assertEquals(Set.of("FORBIDDEN"), codes(named), named.toString());
      assertEquals(0, everything.messages().size());
    }
  }

  @Test
  void hostileTenantClaim_neverBreaksAHeaderOrASubject() {
    List<String> hostile =
        List.of(
            "tenantB\r\nSwitchboard-Identity: forged",
            "tenantA\nX: y",
            "ten\u00e4ntB",
            "*",
            ">",
            "tenantA.tenantB",
            "tenantB.>",
            "tenantA.*",
            " tenantA",
            "");
    try (SubjectSpy everything = spy(">")) {
      for (String tenant : hostile) {
        String token =
            issuer.tokenFor(
                "mallory",
                claims -> claims.claim("roles", List.of("customer")).claim("tenant", tenant));

        Response mine = query(token, "{ myInvoices { id } }");
        Response named = query(token, BOTH_TENANTS);

        assertEquals(200, mine.status(), tenant);
        assertEquals("BAD_USER_INPUT", mine.firstCode(), "claim " + tenant + ": " + mine);
        assertEquals(Set.of("FORBIDDEN"), codes(named), "claim " + tenant + ": " + named);
        assertTrue(
            named.data().path("a").isNull() && named.data().path("b").isNull(), named.toString());
      }
      assertEquals(List.of(), everything.messages().stream().map(m -> m.getSubject()).toList());
    }
  }

  @Test
  void invoices_tenantArgumentThatWouldWidenOrReshapeTheSubject_isBadUserInput_andNothingIsSent() {
    try (SubjectSpy everything = spy(">")) {
      for (String tenant :
          List.of("tenantA.>", "*", ">", "tenantA.tenantB", "tenantB\r\nX: y", "t\u00e9nantA")) {
        Response response =
            bridge
                .client()
                .post(
                    GraphQLClient.body(
                        "query($t: ID!) { invoices(tenant: $t) { id } }",
                        Map.of("t", tenant),
                        null),
                    Map.of("Authorization", "Bearer " + customer("tenantA")));

        assertEquals("BAD_USER_INPUT", response.firstCode(), tenant + ": " + response);
      }
      assertEquals(0, everything.messages().size());
    }
  }

  @Test
  void hostileClaimInTheEnvelope_reachesAnAllowedServiceIntact() {
    String tenant = "tenantB\r\nSwitchboard-Identity: forged \u00e4";
    String token =
        issuer.tokenFor(
            "mallory",
            claims -> claims.claim("roles", List.of("customer", "guest")).claim("tenant", tenant));
    try (SubjectSpy tenantB = spy("tenantB");
        SubjectSpy publicSpy = spy("public")) {
      Response response = query(token, "{ invoices(tenant: \"public\") { seenTenantClaim } }");

      assertEquals(0, response.errors().size(), response.toString());
      assertEquals(
          tenant,
          response.data().path("invoices").path(0).path("seenTenantClaim").asText(),
          "the claim travels inside the signed envelope, byte for byte");
      assertEquals(1, received.get("public").size());
      Headers headers = publicSpy.messages().get(0).getHeaders();
      assertEquals(
          1, headers.get(SwitchboardHeaders.IDENTITY).size(), "exactly one identity header");
      assertFalse(headers.get(SwitchboardHeaders.IDENTITY).get(0).contains("forged"));
      assertEquals(0, tenantB.messages().size());
    }
  }

  @Test
  void anonymousGuest_isRefusedEveryTenant_butReachesItsPublicSubjects() {
    try (SubjectSpy tenantA = spy("tenantA");
        SubjectSpy tenantB = spy("tenantB")) {
      Response named = anonymous(BOTH_TENANTS);
      Response mine = anonymous("{ myInvoices { id } }");
      Response open = anonymous("{ invoices(tenant: \"public\") { tenant seenTenantClaim } }");

      assertEquals(Set.of("FORBIDDEN"), codes(named), named.toString());
      assertEquals(
          "BAD_USER_INPUT", mine.firstCode(), "an anonymous caller has no tenant claim: " + mine);
      assertEquals(0, open.errors().size(), open.toString());
      assertEquals("public", open.data().path("invoices").path(0).path("tenant").asText());
      assertTrue(received.get("public").get(0).identity().orElseThrow().anonymous());
      assertEquals(0, tenantA.messages().size());
      assertEquals(0, tenantB.messages().size());
    }
  }

  @Test
  void adminRole_denyWinsOverItsOwnWideAllow() {
    String admin = issuer.tokenFor("root", claims -> claims.claim("roles", List.of("admin")));
    try (SubjectSpy secret = new SubjectSpy(spies, prefix + ".*.secret")) {
      Response allowed = query(admin, "{ invoices(tenant: \"tenantB\") { tenant } }");
      Response denied = query(admin, "{ secret(tenant: \"tenantB\") { tenant } }");

      assertEquals(
          "tenantB",
          allowed.data().path("invoices").path(0).path("tenant").asText(),
          allowed.toString());
      assertEquals("FORBIDDEN", denied.firstCode(), denied.toString());
      assertEquals(0, secret.messages().size());
      assertEquals(0, received.get("secretB").size());
    }
  }

  @Test
  void topLevelDeny_winsOverEveryRole() {
    String admin = issuer.tokenFor("root", claims -> claims.claim("roles", List.of("admin")));
    String tenantC = customer("tenantC");
    try (SubjectSpy spy = spy("tenantC")) {
      assertEquals(
          "FORBIDDEN", query(admin, "{ invoices(tenant: \"tenantC\") { id } }").firstCode());
      assertEquals("FORBIDDEN", query(tenantC, "{ myInvoices { id } }").firstCode());
      assertEquals(0, spy.messages().size());
      assertEquals(0, received.get("tenantC").size());
    }
  }

  // ---- helpers ----

  private String customer(String tenant) {
    return issuer.tokenFor(
        "user-of-" + tenant,
        claims -> claims.claim("roles", List.of("customer")).claim("tenant", tenant));
  }

  private SubjectSpy spy(String tenant) {
    return new SubjectSpy(spies, prefix + "." + (tenant.equals(">") ? ">" : tenant + ".>"));
  }

  private Response query(String token, String query) {
    return bridge.client().queryAs(token, query);
  }

  private Response anonymous(String query) {
    return bridge.client().query(query);
  }

  private static Set<String> codes(Response response) {
    Set<String> codes = new java.util.HashSet<>();
    for (JsonNode error : response.errors()) {
      codes.add(error.path("extensions").path("code").asText());
    }
    return codes;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
