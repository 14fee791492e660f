package dev.switchboard.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimPathsTest {
  private static final Map<String, Object> CLAIMS =
      Map.of(
          "roles", List.of("admin", "customer"),
          "realm_access", Map.of("roles", List.of("realm-admin")),
          "resource_access", Map.of("shop", Map.of("roles", List.of("buyer"))),
          "scope", "read write",
          "tenant", "acme");

  @Test
  void at_topLevelName_isTheClaim() {
    assertEquals(List.of("admin", "customer"), ClaimPaths.at(CLAIMS, "roles"));
  }

  @Test
  void at_dottedPath_walksIntoNestedObjects() {
    assertEquals(List.of("realm-admin"), ClaimPaths.at(CLAIMS, "realm_access.roles"));
    assertEquals(List.of("buyer"), ClaimPaths.at(CLAIMS, "resource_access.shop.roles"));
  }

  @Test
  void at_missingStep_isNull() {
    assertNull(ClaimPaths.at(CLAIMS, "nothing"));
    assertNull(ClaimPaths.at(CLAIMS, "realm_access.groups"));
    assertNull(ClaimPaths.at(CLAIMS, "nothing.roles"));
  }

  @Test
  void at_pathThroughANonObject_isNull() {
    assertNull(ClaimPaths.at(CLAIMS, "tenant.roles"), "a string has no members");
    assertNull(ClaimPaths.at(CLAIMS, "roles.0"), "a list is not walked into");
  }

  @Test
  void strings_spaceSeparatedString_givesEachWord() {
    assertEquals(List.of("read", "write"), ClaimPaths.strings("read write"));
    assertEquals(List.of("read", "write", "admin"), ClaimPaths.strings("  read \t write\nadmin  "));
  }

  @Test
  void strings_singleWord_givesOneItem() {
    assertEquals(List.of("admin"), ClaimPaths.strings("admin"));
  }

  @Test
  void strings_blankString_givesNothing() {
    assertEquals(List.of(), ClaimPaths.strings(""));
    assertEquals(List.of(), ClaimPaths.strings("   "));
  }

  @Test
  void strings_arrayOfStrings_givesThemInOrder() {
    assertEquals(List.of("b", "a"), ClaimPaths.strings(List.of("b", "a")));
  }

  @Test
  void strings_arrayWithNonStrings_keepsOnlyTheStrings() {
    List<Object> mixed =
        Arrays.asList("admin", 42, true, null, Map.of("role", "x"), List.of("nested"), " ", "user");

    assertEquals(List.of("admin", "user"), ClaimPaths.strings(mixed));
  }

  @Test
  void strings_nonStringValues_giveNothing() {
    assertEquals(List.of(), ClaimPaths.strings(null));
    assertEquals(List.of(), ClaimPaths.strings(42));
    assertEquals(List.of(), ClaimPaths.strings(true));
    assertEquals(List.of(), ClaimPaths.strings(Map.of("roles", List.of("admin"))));
  }

  @Test
  void atThenStrings_readsRolesFromANestedArrayAndScopesFromAString() {
    assertEquals(
        List.of("realm-admin"), ClaimPaths.strings(ClaimPaths.at(CLAIMS, "realm_access.roles")));
    assertEquals(List.of("read", "write"), ClaimPaths.strings(ClaimPaths.at(CLAIMS, "scope")));
  }
}
