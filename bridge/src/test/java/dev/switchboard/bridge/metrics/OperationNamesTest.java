package dev.switchboard.bridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OperationNamesTest {
  @Test
  void tagOf_noName_isAnonymous() {
    OperationNames names = new OperationNames();

    assertEquals("anonymous", names.tagOf(null));
    assertEquals("anonymous", names.tagOf(""));
  }

  @Test
  void tagOf_beyondCapacity_collapsesNewNamesToOtherAndKeepsKnownOnes() {
    OperationNames names = new OperationNames();
    for (int i = 0; i < OperationNames.CAPACITY; i++) {
      assertEquals("Op" + i, names.tagOf("Op" + i));
    }

    assertEquals("other", names.tagOf("OneTooMany"));
    assertEquals("Op0", names.tagOf("Op0"));
  }

  @Test
  void tagOf_overlongName_isOther() {
    assertEquals("other", new OperationNames().tagOf("N".repeat(OperationNames.LONGEST + 1)));
  }
}
