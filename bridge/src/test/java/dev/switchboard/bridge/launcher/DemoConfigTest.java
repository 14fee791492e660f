package dev.switchboard.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.demo.DemoConfig;
import dev.switchboard.bridge.schema.SchemaLoader;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in demo config keeps the README's quick-start commands working. */
class DemoConfigTest {
  @TempDir Path dir;

  private BridgeConfig demoConfig() throws Exception {
    Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\": []}");
    return ConfigLoader.parse(
        DemoConfig.YAML.formatted("https://demo.test", "demo", jwks),
        null,
        Map.of(),
        "(built-in demo config)");
  }

  @Test
  void demoConfig_letsGuestsSendTheReadmesIdempotencyKey() throws Exception {
    BridgeConfig config = demoConfig();

    assertTrue(config.auth().anonymous().enabled(), "the README's curl commands send no token");
    assertTrue(config.requests().anonymousIdempotencyKeys());
  }

  @Test
  void demoConfig_opensGraphiqlOnExampleQueriesThatAreValidAgainstTheDemoSchema() throws Exception {
    BridgeConfig config = demoConfig();
    String query = config.http().graphiqlQuery();
    GraphQLSchema schema =
        SchemaLoader.load(
                config.schema().files(), config.requests(), binding -> environment -> null)
            .schema();

    List<ValidationError> errors =
        new Validator().validateDocument(schema, Parser.parse(query), Locale.ENGLISH);

    assertEquals(List.of(), errors, query);
    assertTrue(query.contains("order(id: \"1\")"), query);
    assertTrue(query.contains("Headers tab"), query);
    assertTrue(query.contains("{\"Authorization\": \"Bearer <the token>\"}"), query);
  }
}
