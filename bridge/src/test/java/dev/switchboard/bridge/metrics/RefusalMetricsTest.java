package dev.switchboard.bridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RefusalMetricsTest {
  @Test
  void limitOf_limitMessage_isTheConfigKey() {
    assertEquals(
        "limits.maxAliases",
        RefusalMetrics.limitOf(
            "The operation has 800 aliases; the limit is 30 (limits.maxAliases)."));
  }

  @Test
  void limitOf_messageWithoutKey_isIntrospection() {
    assertEquals("introspection", RefusalMetrics.limitOf("This request is not asking for ..."));
  }

  @Test
  void limitOf_everyKeyAMessageCanName_isRegistered() {
    for (String key :
        new String[] {"maxDepth", "maxAliases", "maxRootFields", "maxFields", "maxNatsCalls"}) {
      assertTrue(RefusalMetrics.LIMITS.contains("limits." + key), key);
    }
  }
}
