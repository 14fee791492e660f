package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.bridge.testing.TestIssuer;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @authenticated} and {@code @requiresScopes} on fields and types: a refused field gets its
 * own error, its siblings still answer, and nothing is sent for it.
 */
@Timeout(60)
class FieldGuardsIT {
  static final String ACCOUNT_7 =
      "{\"__typename\":\"Account\",\"id\":\"acc-7\",\"balance\":777.25}";
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static final TestIssuer issuer = TestIssuer.create();

  Connection spies;
  Responder responder;
  String prefix;
  TestBridge bridge;

  @BeforeEach
  void start() {
    Connection services = nats.connect();
    spies = nats.connect();
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(
            """
        type Query {
          profile: Profile @authenticated @natsRequest(subject: "%1$s.profile")
          catalog: [String] @natsRequest(subject: "%1$s.catalog")
          account: Account @natsRequest(subject: "%1$s.account")
          accounts: [Account] @natsRequest(subject: "%1$s.accounts")
          order: Order @natsRequest(subject: "%1$s.order")
          report: String @requiresScopes(scopes: [["a", "b"], ["c"]]) @natsRequest(subject: "%1$s.report")
          payroll: Payroll @natsRequest(subject: "%1$s.payroll")
          node: Node @natsRequest(subject: "%1$s.node")
          search: [SearchResult] @natsRequest(subject: "%1$s.search")
          vault: Vault @natsRequest(subject: "%1$s.vault")
        }
        type Profile { name: String }
        interface Node { id: ID! }
        "Only for signed-in callers, wherever it appears."
        type Account implements Node @authenticated { id: ID!, balance: Float }
        union SearchResult = Account | Order
        type Vault { secret: String }
        extend type Vault @authenticated
        type Order { id: ID!, account: Account }
        type Payroll @requiresScopes(scopes: [["payroll:read"]]) { total: Float }
        """
                .formatted(prefix),
            "dev: true\n"
                + issuer.authYaml()
                + """
          anonymous:
            enabled: true
            role: guest
        """);
    responder =
        Responder.builder(services, "guarded", "1.0.0")
            .endpoint("profile", prefix + ".profile", request -> Reply.json("{\"name\":\"Ada\"}"))
            .endpoint("catalog", prefix + ".catalog", request -> Reply.json("[\"pen\",\"ink\"]"))
            .endpoint(
                "account",
                prefix + ".account",
                request -> Reply.json("{\"id\":\"acc-1\",\"balance\":10.5}"))
            .endpoint(
                "accounts",
                prefix + ".accounts",
                request -> Reply.json("[{\"id\":\"acc-1\"},{\"id\":\"acc-2\"}]"))
            .endpoint(
                "order",
                prefix + ".order",
                request -> Reply.json("{\"id\":\"o-1\",\"account\":{\"id\":\"acc-9\"}}"))
            .endpoint("report", prefix + ".report", request -> Reply.json("\"all good\""))
            .endpoint("payroll", prefix + ".payroll", request -> Reply.json("{\"total\":1000}"))
            .endpoint("node", prefix + ".node", request -> Reply.json(ACCOUNT_7))
            .endpoint("search", prefix + ".search", request -> Reply.json("[" + ACCOUNT_7 + "]"))
            .endpoint("vault", prefix + ".vault", request -> Reply.json("{\"secret\":\"s3cr3t\"}"))
            .start();
  }

  @AfterEach
  void stop() {
    responder.close();
  }

  // ---- @authenticated on a field ----

  @Test
  void authenticatedField_anonymous_isUnauthenticated_whileSiblingsAnswer() {
    try (SubjectSpy spy = spy()) {
      Response response = bridge.client().query("{ profile { name } catalog }");

      assertEquals(200, response.status());
      assertTrue(response.data().path("profile").isNull());
      assertEquals(List.of("pen", "ink"), strings(response.data().path("catalog")));
      assertEquals(Map.of("profile", "UNAUTHENTICATED"), errorsByPath(response));
      assertEquals(
          List.of(prefix + ".catalog"), subjects(spy), "nothing is sent for the refused field");
    }
  }

  @Test
  void authenticatedField_signedIn_answers() {
    Response response = as(claims -> {}, "{ profile { name } }");

    assertEquals(0, response.errors().size(), response.toString());
    assertEquals("Ada", response.data().path("profile").path("name").asText());
  }

  // ---- @authenticated on a type ----

  @Test
  void authenticatedType_guardsEveryFieldReturningIt_partialResultForTheRest() {
    try (SubjectSpy spy = spy()) {
      Response response =
          bridge
              .client()
              .query("{ account { id } accounts { id } order { id account { id } } catalog }");

      assertTrue(response.data().path("account").isNull());
      assertTrue(response.data().path("accounts").isNull());
      assertEquals("o-1", response.data().path("order").path("id").asText());
      assertTrue(
          response.data().path("order").path("account").isNull(),
          "a field read from the parent's JSON too");
      assertEquals(List.of("pen", "ink"), strings(response.data().path("catalog")));
      assertEquals(
          Map.of(
              "account",
              "UNAUTHENTICATED",
              "accounts",
              "UNAUTHENTICATED",
              "order/account",
              "UNAUTHENTICATED"),
          errorsByPath(response));
      assertEquals(
          List.of(prefix + ".catalog", prefix + ".order"),
          subjects(spy).stream().sorted().toList());
    }
  }

  @Test
  void authenticatedType_signedIn_answersEveryFieldReturningIt() {
    Response response =
        as(claims -> {}, "{ account { id balance } accounts { id } order { account { id } } }");

    assertEquals(0, response.errors().size(), response.toString());
    assertEquals(10.5, response.data().path("account").path("balance").asDouble());
    assertEquals("acc-2", response.data().path("accounts").path(1).path("id").asText());
    assertEquals("acc-9", response.data().path("order").path("account").path("id").asText());
  }

  @Test
  void authenticatedType_reachedThroughAnInterfaceOrUnion_signedIn_answers() {
    Response response =
        as(
            claims -> {},
            "{ node { id ... on Account { balance } } search { ... on Account { id } } }");

    assertEquals(0, response.errors().size(), response.toString());
    assertEquals(777.25, response.data().path("node").path("balance").asDouble());
    assertEquals("acc-7", response.data().path("search").path(0).path("id").asText());
  }

  @Test
  void authenticatedType_reachedThroughAnInterfaceOrUnion_anonymous_getsNoneOfItsData() {
    Response response =
        bridge
            .client()
            .query(
                "{ node { id ... on Account { balance } } search { ... on Account { balance } } }");

    assertFalse(
        response.text().contains("777.25"),
        "Account data leaked to an anonymous caller: " + response);
    assertEquals("UNAUTHENTICATED", response.firstCode(), response.toString());
  }

  @Test
  void authenticatedAddedByATypeExtension_anonymous_isUnauthenticated() {
    try (SubjectSpy spy = spy()) {
      Response response = bridge.client().query("{ vault { secret } }");

      assertFalse(response.text().contains("s3cr3t"), "guarded data leaked: " + response);
      assertEquals("UNAUTHENTICATED", response.firstCode(), response.toString());
      assertEquals(0, spy.messages().size());
    }
  }

  // ---- @requiresScopes: any inner list, all of it ----

  @Test
  void requiresScopes_allOfTheFirstAlternative_passes() {
    Response response = as(claims -> claims.claim("scope", "a b"), "{ report }");

    assertEquals(0, response.errors().size(), response.toString());
    assertEquals("all good", response.data().path("report").asText());
  }

  @Test
  void requiresScopes_theSecondAlternative_passes() {
    Response response = as(claims -> claims.claim("scope", "c"), "{ report }");

    assertEquals("all good", response.data().path("report").asText(), response.toString());
  }

  @Test
  void requiresScopes_partOfAnAlternative_isForbidden_andNothingIsSent() {
    try (SubjectSpy spy = spy()) {
      Response onlyA = as(claims -> claims.claim("scope", "a"), "{ report catalog }");
      Response onlyB = as(claims -> claims.claim("scope", "b d"), "{ report }");
      Response none = as(claims -> {}, "{ report }");

      assertEquals(Map.of("report", "FORBIDDEN"), errorsByPath(onlyA));
      assertTrue(onlyA.data().path("report").isNull());
      assertEquals("pen", onlyA.data().path("catalog").path(0).asText(), "siblings still answer");
      assertTrue(
          onlyA.errors().path(0).path("message").asText().contains("a and b"),
          "the message says what is missing: " + onlyA);
      assertEquals("FORBIDDEN", onlyB.firstCode());
      assertEquals("FORBIDDEN", none.firstCode());
      assertEquals(List.of(prefix + ".catalog"), subjects(spy));
    }
  }

  @Test
  void requiresScopes_anonymous_isUnauthenticated() {
    try (SubjectSpy spy = spy()) {
      Response response = bridge.client().query("{ report }");

      assertEquals("UNAUTHENTICATED", response.firstCode());
      assertEquals(0, spy.messages().size());
    }
  }

  @Test
  void requiresScopes_readsTheScpClaimWhenThereIsNoScopeClaim() {
    Response list = as(claims -> claims.claim("scp", List.of("a", "b")), "{ report }");
    Response string = as(claims -> claims.claim("scp", "c"), "{ report }");
    Response partial = as(claims -> claims.claim("scp", List.of("a")), "{ report }");

    assertEquals("all good", list.data().path("report").asText(), list.toString());
    assertEquals("all good", string.data().path("report").asText(), string.toString());
    assertEquals("FORBIDDEN", partial.firstCode());
  }

  @Test
  void requiresScopes_onAType_guardsTheFieldReturningIt() {
    try (SubjectSpy spy = spy()) {
      Response without = as(claims -> claims.claim("scope", "a b c"), "{ payroll { total } }");
      Response with = as(claims -> claims.claim("scope", "payroll:read"), "{ payroll { total } }");
      Response anonymous = bridge.client().query("{ payroll { total } }");

      assertEquals("FORBIDDEN", without.firstCode());
      assertEquals("UNAUTHENTICATED", anonymous.firstCode());
      assertEquals(1000, with.data().path("payroll").path("total").asInt(), with.toString());
      assertEquals(List.of(prefix + ".payroll"), subjects(spy), "only the permitted call was sent");
    }
  }

  // ---- what clients see of the schema ----

  @Test
  void clientSdl_showsTheGuardDirectives_butNotNatsRequest() {
    String sdl = bridge.bridge().schema().clientSdl();

    assertTrue(sdl.contains("directive @authenticated"), sdl);
    assertTrue(sdl.contains("directive @requiresScopes"), sdl);
    assertTrue(sdl.contains("profile: Profile @authenticated"), sdl);
    assertTrue(sdl.contains("type Account implements Node @authenticated"), sdl);
    assertTrue(
        sdl.contains("@requiresScopes(scopes : [[\"a\", \"b\"], [\"c\"]])")
            || sdl.contains("@requiresScopes(scopes: [[\"a\", \"b\"], [\"c\"]])"),
        sdl);
    assertFalse(sdl.contains("natsRequest"), sdl);
    assertFalse(sdl.contains(prefix), "no subject appears in the client schema");
  }

  // ---- helpers ----

  private Response as(Consumer<JWTClaimsSet.Builder> claims, String query) {
    return bridge.client().queryAs(issuer.tokenFor("alice", claims), query);
  }

  private SubjectSpy spy() {
    return new SubjectSpy(spies, prefix + ".>");
  }

  private static List<String> subjects(SubjectSpy spy) {
    return spy.messages().stream().map(Message::getSubject).toList();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new java.util.ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** "a/b" path of each error to its code. */
  private static Map<String, String> errorsByPath(Response response) {
    Map<String, String> codes = new HashMap<>();
    for (JsonNode error : response.errors()) {
      List<String> path = new java.util.ArrayList<>();
      error.path("path").forEach(segment -> path.add(segment.asText()));
      codes.put(String.join("/", path), error.path("extensions").path("code").asText());
    }
    return codes;
  }
}
