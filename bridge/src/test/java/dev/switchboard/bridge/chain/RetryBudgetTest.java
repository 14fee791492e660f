package dev.switchboard.bridge.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  @Test
  void tryRetry_zeroRatioAndZeroFloor_neverAllowsARetry() {
    RetryBudget budget = new RetryBudget(0, 0);
    for (int i = 0; i < 100; i++) {
      budget.recordCall();
    }

    assertFalse(budget.tryRetry());
  }

  @Test
  void tryRetry_depositsAccumulateToWholeRetries() {
    RetryBudget budget = new RetryBudget(0.25, 0);
    budget.recordCall();
    budget.recordCall();
    budget.recordCall();
    assertFalse(budget.tryRetry(), "three quarters of a retry is not a retry");

    budget.recordCall();
    assertTrue(budget.tryRetry(), "four calls at 0.25 make one retry");
    assertFalse(budget.tryRetry(), "and it is spent");
  }

  @Test
  void tryRetry_ratioOne_allowsOneRetryPerCall() {
    RetryBudget budget = new RetryBudget(1.0, 0);
    for (int i = 0; i < 5; i++) {
      budget.recordCall();
    }

    assertEquals(5, retriesAllowed(budget, 100));
  }

  @Test
  void recordCall_savingsAreCapped() {
    RetryBudget budget = new RetryBudget(0.5, 0);
    for (int i = 0; i < 10_000; i++) {
      budget.recordCall();
    }

    assertEquals(
        500, retriesAllowed(budget, 5000), "at most 1000 calls' worth of deposits are kept");
  }

  @Test
  void tryRetry_floor_allowsMinPerSecondWithoutAnyCalls() {
    // The floor resets every second: retry the measurement if it straddles a second boundary.
    for (int tries = 0; tries < 5; tries++) {
      long second = System.nanoTime() / 1_000_000_000L;
      int allowed = retriesAllowed(new RetryBudget(0, 3), 10);
      if (second == System.nanoTime() / 1_000_000_000L) {
        assertEquals(3, allowed);
        return;
      }
    }
    throw new AssertionError("could not measure within one second");
  }

  @Test
  void tryRetry_floorFirstThenSavings() {
    for (int tries = 0; tries < 5; tries++) {
      long second = System.nanoTime() / 1_000_000_000L;
      RetryBudget budget = new RetryBudget(1.0, 2);
      budget.recordCall();
      int allowed = retriesAllowed(budget, 10);
      if (second == System.nanoTime() / 1_000_000_000L) {
        assertEquals(3, allowed, "two from the floor, one saved");
        return;
      }
    }
    throw new AssertionError("could not measure within one second");
  }

  @Test
  void constructor_negativeValues_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RetryBudget(-0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new RetryBudget(0.1, -1));
  }

  private static int retriesAllowed(RetryBudget budget, int asked) {
    int allowed = 0;
    for (int i = 0; i < asked; i++) {
      if (budget.tryRetry()) {
        allowed++;
      }
    }
    return allowed;
  }
}
