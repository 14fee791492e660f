package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.auth.TestCallers;
import dev.switchboard.subjects.TraceParent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupKeyTest {
  static final Object ENGINE = new Object();
  static final String QUERY = "subscription ($f: ID!) { ticks(feed: $f) { n } }";

  @Test
  void anonymousCallersOfOneRole_withVariablesInAnyOrder_shareAKey() {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", List.of("x"));
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", List.of("x"));
    ba.put("a", 1);
    assertEquals(key(ab, Caller.anonymous("visitor")), key(ba, Caller.anonymous("visitor")));
  }

  @Test
  void otherRoleVariablesOrEngine_giveAnotherKey() {
    GroupKey base = key(Map.of("f", "a"), Caller.anonymous("visitor"));
    assertNotEquals(base, key(Map.of("f", "a"), Caller.anonymous("admin")));
    assertNotEquals(base, key(Map.of("f", "b"), Caller.anonymous("visitor")));
    assertNotEquals(
        base,
        GroupKey.of(
            new Object(),
            QUERY,
            null,
            null,
            Map.of("f", "a"),
            null,
            request(Caller.anonymous("visitor"))));
  }

  @Test
  void signedInCallers_shareOnlyWithTheSameToken_neverWithAnonymous() {
    Caller one = TestCallers.withClaims("alice", List.of("customer"), Map.of());
    Caller sameToken = TestCallers.withClaims("alice", List.of("customer"), Map.of());
    assertEquals(key(Map.of(), one), key(Map.of(), sameToken));
    assertNotEquals(key(Map.of(), one), key(Map.of(), Caller.anonymous("customer")));
  }

  static GroupKey key(Map<String, Object> variables, Caller caller) {
    return GroupKey.of(ENGINE, QUERY, null, null, variables, null, request(caller));
  }

  static RequestContext request(Caller caller) {
    return new RequestContext(
        "c", TraceParent.newTrace(), null, caller, null, false, Runnable::run, null);
  }
}
