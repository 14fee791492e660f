package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.GraphQLConfig.Strategy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionStrategyConfigTest {
  static final String SCHEMA = "schema:\n  files: [classpath:demo/schema.graphql]\n";

  @Test
  void executionStrategy_notSet_isBridge() throws Exception {
    assertEquals(Strategy.bridge, parse(SCHEMA, Map.of()).graphql().executionStrategy());
  }

  @Test
  void executionStrategy_fromEnvironment_isStandard() throws Exception {
    BridgeConfig config =
        parse(SCHEMA, Map.of("SWITCHBOARD_GRAPHQL_EXECUTION_STRATEGY", "standard"));

    assertEquals(Strategy.standard, config.graphql().executionStrategy());
  }

  @Test
  void executionStrategy_unknownValue_isRefusedNamingTheKey() {
    ConfigException refused =
        assertThrows(
            ConfigException.class,
            () -> parse(SCHEMA + "graphql:\n  executionStrategy: fast\n", Map.of()));

    assertTrue(refused.getMessage().contains("graphql.executionStrategy"), refused.getMessage());
  }

  private static BridgeConfig parse(String yaml, Map<String, String> env) throws Exception {
    return ConfigLoader.parse(yaml, Path.of("."), env, "test.yaml");
  }
}
