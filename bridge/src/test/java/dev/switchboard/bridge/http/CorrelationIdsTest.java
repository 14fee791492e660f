package dev.switchboard.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorrelationIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"abc-123", "x", "0af7651916cd43dd8448eb211c80319c", "req:42/a=b_c~!", "A.B.C"})
  void isSane_visibleAsciiToken_isKept(String id) {
    assertTrue(CorrelationIds.isSane(id));
  }

  @Test
  void isSane_exactly128Characters_isKept() {
    assertTrue(CorrelationIds.isSane("a".repeat(128)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "has space",
        "tab\there",
        "line\r\nInjected: yes",
        "nul\0",
        "caf\u00e9",
        "emoji\uD83D\uDE00",
        "\u007f"
      })
  void isSane_emptyOrSpacesOrControlOrNonAscii_isReplaced(String id) {
    assertFalse(CorrelationIds.isSane(id));
  }

  @Test
  void isSane_nullOrLongerThan128_isReplaced() {
    assertFalse(CorrelationIds.isSane(null));
    assertFalse(CorrelationIds.isSane("a".repeat(129)));
  }

  @Test
  void generate_givesTwentyBase36CharactersThatAreSane() {
    String id = CorrelationIds.generate();

    assertEquals(20, id.length());
    assertTrue(id.matches("[0-9a-z]{20}"), id);
    assertTrue(CorrelationIds.isSane(id));
  }

  @Test
  void generate_givesADifferentIdEachTime() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(CorrelationIds.generate());
    }

    assertEquals(10_000, ids.size());
  }
}
