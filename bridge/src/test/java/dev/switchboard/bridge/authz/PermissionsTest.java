package dev.switchboard.bridge.authz;

import static dev.switchboard.bridge.chain.CallContext.Action.PUBLISH;
import static dev.switchboard.bridge.chain.CallContext.Action.REQUEST;
import static dev.switchboard.bridge.chain.CallContext.Action.SUBSCRIBE;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.auth.TestCallers;
import dev.switchboard.bridge.chain.CallContext.Action;
import dev.switchboard.bridge.config.AuthorizationConfig;
import dev.switchboard.bridge.config.AuthorizationConfig.Role;
import dev.switchboard.bridge.config.AuthorizationConfig.Rules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The permission table: what a caller with given roles and claims may do with which subject. */
class PermissionsTest {

  // ---- wildcards ----

  @ParameterizedTest(name = "request {0}: {1}")
  @CsvSource({
    "shop.acme.get,         true",
    "shop.globex.get,       true",
    "shop.acme.put,         false",
    "shop.acme.x.get,       false",
    "shop.public.a,         true",
    "shop.public.a.b.c,     true",
    "shop.public,           false",
    "shop.get,              false",
    "other.acme.get,        false",
  })
  void allows_wildcardPatterns_withNatsSemantics(String subject, boolean expected) {
    Permissions permissions =
        compile(
            Map.of("clerk", requests("shop.*.get", "shop.public.>")), Rules.NONE, caller("clerk"));

    assertEquals(expected, permissions.allows(REQUEST, subject), subject);
  }

  // ---- deny wins ----

  @Test
  void allows_denyInTheSameRole_winsOverItsAllow() {
    Role role =
        new Role(
            List.of("orders.>"), null, null, new Rules(List.of("orders.*.admin.>"), null, null));
    Permissions permissions = compile(Map.of("staff", role), Rules.NONE, caller("staff"));

    assertTrue(permissions.allows(REQUEST, "orders.acme.get"));
    assertFalse(permissions.allows(REQUEST, "orders.acme.admin.reset"));
  }

  @Test
  void allows_denyOfOneRole_winsOverAnAllowOfAnotherRole() {
    Role admin = requests("orders.>");
    Role contractor =
        new Role(
            List.of("orders.public.>"),
            null,
            null,
            new Rules(List.of("orders.*.payroll"), null, null));
    Permissions permissions =
        compile(
            Map.of("admin", admin, "contractor", contractor),
            Rules.NONE,
            caller("admin", "contractor"));

    assertTrue(
        permissions.allows(REQUEST, "orders.acme.get"), "admin's allow still works elsewhere");
    assertFalse(
        permissions.allows(REQUEST, "orders.acme.payroll"),
        "contractor's deny wins over admin's allow");
    assertTrue(
        compile(Map.of("admin", admin, "contractor", contractor), Rules.NONE, caller("admin"))
            .allows(REQUEST, "orders.acme.payroll"),
        "without the denying role the allow applies");
  }

  @Test
  void allows_topLevelDeny_winsOverEveryRole() {
    Permissions permissions =
        compile(
            Map.of("root", new Role(List.of(">"), List.of(">"), List.of(">"), null)),
            new Rules(List.of("$SYS.>"), List.of("$SYS.>"), List.of("$SYS.>")),
            caller("root"));

    assertTrue(permissions.allows(REQUEST, "anything.at.all"));
    for (Action action : Action.values()) {
      assertFalse(permissions.allows(action, "$SYS.REQ.SERVER.PING"), action.name());
    }
    assertFalse(
        permissions.allows(SUBSCRIBE, ">"), "a subscription that could receive $SYS is refused");
  }

  @Test
  void allows_topLevelDeny_appliesEvenToACallerWithNoRoles() {
    Permissions permissions =
        compile(Map.of("x", requests(">")), new Rules(List.of("secret.>"), null, null), caller());

    assertFalse(permissions.allows(REQUEST, "secret.a"));
    assertFalse(permissions.allows(REQUEST, "public.a"));
  }

  // ---- default deny ----

  @Test
  void allows_callerWithoutRoles_isDeniedEverything() {
    Permissions permissions = compile(Map.of("customer", requests(">")), Rules.NONE, caller());

    for (Action action : Action.values()) {
      assertFalse(permissions.allows(action, "orders.acme.get"), action.name());
    }
  }

  @Test
  void allows_unknownRole_isDeniedEverything() {
    Permissions permissions =
        compile(Map.of("customer", requests(">")), Rules.NONE, caller("customr"));

    assertFalse(permissions.allows(REQUEST, "orders.acme.get"));
  }

  @Test
  void allows_roleWithNoPatterns_isDeniedEverything() {
    Permissions permissions =
        compile(Map.of("empty", new Role(null, null, null, null)), Rules.NONE, caller("empty"));

    assertFalse(permissions.allows(REQUEST, "orders.acme.get"));
    assertFalse(permissions.allows(SUBSCRIBE, "orders.acme.get"));
  }

  @Test
  void allows_anonymousCaller_getsOnlyItsRolesPermissions() {
    Map<String, Role> roles =
        Map.of("guest", requests("catalog.>"), "customer", requests("orders.>"));

    Permissions permissions = compile(roles, Rules.NONE, Caller.anonymous("guest"));

    assertTrue(permissions.allows(REQUEST, "catalog.items"));
    assertFalse(permissions.allows(REQUEST, "orders.acme.get"));
  }

  // ---- claims in patterns ----

  @Test
  void allows_tenantClaim_grantsOnlyThatTenant() {
    Permissions acme =
        compile(
            Map.of("customer", requests("orders.{{ claims.tenant }}.>")),
            Rules.NONE,
            caller(List.of("customer"), Map.of("tenant", "acme")));

    assertTrue(acme.allows(REQUEST, "orders.acme.get"));
    assertTrue(acme.allows(REQUEST, "orders.acme.get.42"));
    assertFalse(acme.allows(REQUEST, "orders.globex.x"));
    assertFalse(acme.allows(REQUEST, "orders.acme"), "'>' needs one more token");
    assertFalse(acme.allows(REQUEST, "orders.acmex.get"));
  }

  @Test
  void allows_missingClaim_allowGrantsNothing() {
    Permissions permissions =
        compile(
            Map.of("customer", requests("orders.{{ claims.tenant }}.>")),
            Rules.NONE,
            caller(List.of("customer"), Map.of("email", "a@b.c")));

    for (String subject :
        List.of("orders.acme.get", "orders.x.y", "orders.null.get", "orders.*.get")) {
      assertFalse(permissions.allows(REQUEST, subject), subject);
    }
  }

  @Test
  void allows_nullClaim_allowGrantsNothing() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("tenant", null);
    Permissions permissions =
        compile(
            Map.of("customer", requests("orders.{{ claims.tenant }}.>")),
            Rules.NONE,
            caller(List.of("customer"), claims));

    assertFalse(permissions.allows(REQUEST, "orders.null.get"));
    assertFalse(permissions.allows(REQUEST, "orders.acme.get"));
  }

  @Test
  void allows_missingClaim_denyWidensAndStillDenies() {
    Role staff =
        new Role(
            List.of("orders.>"),
            null,
            null,
            new Rules(List.of("orders.{{ claims.tenant }}.admin.>"), null, null));
    Permissions permissions =
        compile(Map.of("staff", staff), Rules.NONE, caller(List.of("staff"), Map.of()));

    assertTrue(
        permissions.allows(REQUEST, "orders.acme.get"), "the allow without a claim still works");
    assertFalse(permissions.allows(REQUEST, "orders.acme.admin.reset"));
    assertFalse(permissions.allows(REQUEST, "orders.globex.admin.reset"));
  }

  @Test
  void allows_missingClaimInTopLevelDeny_deniesForEveryValue() {
    Permissions permissions =
        compile(
            Map.of("staff", requests("orders.>")),
            new Rules(List.of("orders.{{ claims.blocked }}.>"), null, null),
            caller(List.of("staff"), Map.of()));

    assertFalse(permissions.allows(REQUEST, "orders.acme.get"));
    assertFalse(permissions.allows(REQUEST, "orders.globex.get"));
  }

  static Stream<Object> unsafeClaimValues() {
    return Stream.of(
        "acme.globex",
        "a.b",
        "*",
        ">",
        "acme.>",
        "acme\r\nX-Evil: 1",
        "acme\n",
        "acm\u00e9",
        "\u0430cme",
        "",
        " ",
        "ac me",
        "acme\u0000",
        "x".repeat(200),
        List.of("acme"),
        Map.of("id", "acme"),
        1.5);
  }

  @ParameterizedTest
  @MethodSource("unsafeClaimValues")
  void allows_unsafeClaimValue_neverWidensAnAllow(Object tenant) {
    Permissions permissions =
        compile(
            Map.of("customer", requests("orders.{{ claims.tenant }}.>")),
            Rules.NONE,
            caller(List.of("customer"), Map.of("tenant", tenant)));

    for (String subject :
        List.of(
            "orders.acme.get",
            "orders.a.b.get",
            "orders.globex.acme.get",
            "orders.x",
            "orders.b.get")) {
      assertFalse(
          permissions.allows(REQUEST, subject),
          tenant + " must grant nothing, yet allows " + subject);
    }
    for (String subscription : List.of("orders.>", "orders.*.>", "orders.acme.>", ">")) {
      assertFalse(permissions.allows(SUBSCRIBE, subscription), subscription);
    }
  }

  @ParameterizedTest
  @MethodSource("unsafeClaimValues")
  void allows_unsafeClaimValue_inADeny_stillDeniesEveryTenant(Object tenant) {
    Role staff =
        new Role(
            List.of("orders.>"),
            null,
            null,
            new Rules(List.of("orders.{{ claims.tenant }}.admin"), null, null));
    Permissions permissions =
        compile(
            Map.of("staff", staff), Rules.NONE, caller(List.of("staff"), Map.of("tenant", tenant)));

    assertFalse(permissions.allows(REQUEST, "orders.acme.admin"));
    assertFalse(permissions.allows(REQUEST, "orders.other.admin"));
    assertTrue(permissions.allows(REQUEST, "orders.acme.get"));
  }

  @Test
  void allows_wholeNumberClaim_rendersAsOneToken() {
    Permissions permissions =
        compile(
            Map.of("customer", requests("orders.{{ claims.org }}.>")),
            Rules.NONE,
            caller(List.of("customer"), Map.of("org", 42L)));

    assertTrue(permissions.allows(REQUEST, "orders.42.get"));
    assertFalse(permissions.allows(REQUEST, "orders.43.get"));
  }

  @Test
  void allows_nestedAndQuotedClaimPaths_areRendered() {
    Map<String, Role> roles =
        Map.of(
            "customer",
            requests(
                "a.{{ claims.org.tenant }}.>", "b.{{ claims[\"https://acme.io/tenant\"] }}.>"));
    Permissions permissions =
        compile(
            roles,
            Rules.NONE,
            caller(
                List.of("customer"),
                Map.of("org", Map.of("tenant", "acme"), "https://acme.io/tenant", "globex")));

    assertTrue(permissions.allows(REQUEST, "a.acme.get"));
    assertFalse(permissions.allows(REQUEST, "a.globex.get"));
    assertTrue(permissions.allows(REQUEST, "b.globex.get"));
    assertFalse(permissions.allows(REQUEST, "b.acme.get"));
  }

  // ---- subscriptions: a subset of an allow, and no overlap with a deny ----

  @ParameterizedTest(name = "subscribe {0}: {1}")
  @CsvSource({
    "orders.acme.*,            true",
    "orders.acme.>,            true",
    "orders.acme.events.1,     true",
    "orders.acme.*.>,          true",
    "orders.>,                 false",
    "orders.*.events,          false",
    "orders.*,                 false",
    ">,                        false",
    "orders.globex.*,          false",
  })
  void allows_subscription_onlyWhenCoveredByAnAllow(String subscription, boolean expected) {
    Role customer = new Role(null, null, List.of("orders.{{ claims.tenant }}.>"), null);
    Permissions permissions =
        compile(
            Map.of("customer", customer),
            Rules.NONE,
            caller(List.of("customer"), Map.of("tenant", "acme")));

    assertEquals(expected, permissions.allows(SUBSCRIBE, subscription), subscription);
  }

  @ParameterizedTest(name = "subscribe {0}: {1}")
  @CsvSource({
    "orders.acme.events.*,     true",
    "orders.acme.secret.x,     false",
    "orders.acme.*.x,          false",
    "orders.acme.>,            false",
    "orders.acme.*,            true",
  })
  void allows_subscriptionOverlappingADeny_isRefused(String subscription, boolean expected) {
    Role customer =
        new Role(
            null,
            null,
            List.of("orders.acme.>"),
            new Rules(null, null, List.of("orders.acme.secret.>")));
    Permissions permissions = compile(Map.of("customer", customer), Rules.NONE, caller("customer"));

    assertEquals(expected, permissions.allows(SUBSCRIBE, subscription), subscription);
  }

  // ---- each action has its own permissions ----

  @Test
  void allows_requestPermission_doesNotAllowPublishOrSubscribe() {
    Permissions permissions =
        compile(Map.of("customer", requests("orders.>")), Rules.NONE, caller("customer"));

    assertTrue(permissions.allows(REQUEST, "orders.acme.get"));
    assertFalse(permissions.allows(PUBLISH, "orders.acme.get"));
    assertFalse(permissions.allows(SUBSCRIBE, "orders.acme.get"));
  }

  @Test
  void allows_publishPermission_doesNotAllowRequest() {
    Permissions permissions =
        compile(
            Map.of("tracker", new Role(null, List.of("clicks.>"), null, null)),
            Rules.NONE,
            caller("tracker"));

    assertTrue(permissions.allows(PUBLISH, "clicks.acme"));
    assertFalse(permissions.allows(REQUEST, "clicks.acme"));
  }

  @Test
  void allows_denyForOneAction_doesNotDenyAnother() {
    Role role =
        new Role(
            List.of("orders.>"),
            List.of("orders.>"),
            null,
            new Rules(null, List.of("orders.>"), null));
    Permissions permissions = compile(Map.of("reader", role), Rules.NONE, caller("reader"));

    assertTrue(permissions.allows(REQUEST, "orders.acme.get"));
    assertFalse(permissions.allows(PUBLISH, "orders.acme.get"));
  }

  // ---- decisions kept per caller ----

  @Test
  void allows_askedAgain_givesTheSameDecisionFromTheMemo() {
    Permissions permissions =
        compile(Map.of("clerk", requests("shop.*.get")), Rules.NONE, caller("clerk"));

    for (int round = 0; round < 3; round++) {
      assertTrue(permissions.allows(REQUEST, "shop.acme.get"));
      assertFalse(permissions.allows(REQUEST, "shop.acme.put"));
    }
    org.junit.jupiter.api.Assertions.assertEquals(2, permissions.remembered(REQUEST));
    org.junit.jupiter.api.Assertions.assertEquals(0, permissions.remembered(PUBLISH));
  }

  @Test
  void allows_manyDistinctSubjects_keepsABoundedMemoAndStillDecidesEachRight() {
    Permissions permissions =
        compile(Map.of("clerk", requests("shop.*.get")), Rules.NONE, caller("clerk"));
    int asked = Permissions.REMEMBERED_PER_ACTION * 10;

    for (int i = 0; i < asked; i++) {
      assertTrue(permissions.allows(REQUEST, "shop.s" + i + ".get"));
      assertFalse(permissions.allows(REQUEST, "shop.s" + i + ".put"));
    }

    org.junit.jupiter.api.Assertions.assertEquals(
        Permissions.REMEMBERED_PER_ACTION, permissions.remembered(REQUEST));
    // past the memo, decisions are still made: the last subjects were never kept
    assertTrue(permissions.allows(REQUEST, "shop.s" + (asked - 1) + ".get"));
    assertFalse(permissions.allows(REQUEST, "shop.s" + (asked - 1) + ".put"));
  }

  // ---- helpers ----

  static Role requests(String... patterns) {
    return new Role(List.of(patterns), null, null, null);
  }

  static Caller caller(String... roles) {
    return caller(List.of(roles), Map.of());
  }

  static Caller caller(List<String> roles, Map<String, Object> claims) {
    return TestCallers.withClaims("alice", roles, claims);
  }

  static Permissions compile(Map<String, Role> roles, Rules deny, Caller caller) {
    return new PermissionCompiler(new AuthorizationConfig(roles, deny)).compile(caller);
  }

  private static void assertEquals(boolean expected, boolean actual, String message) {
    org.junit.jupiter.api.Assertions.assertEquals(expected, actual, message);
  }
}
