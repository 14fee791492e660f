package dev.switchboard.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncApiCommandTest {
  @TempDir Path directory;

  private String out;
  private String err;

  private int main(String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code =
        Main.run(args, Map.of(), new PrintStream(stdout, true), new PrintStream(stderr, true));
    out = stdout.toString(StandardCharsets.UTF_8);
    err = stderr.toString(StandardCharsets.UTF_8);
    return code;
  }

  private Path config(String sdl) throws Exception {
    Files.writeString(directory.resolve("schema.graphql"), sdl);
    Path config = directory.resolve("switchboard.yaml");
    Files.writeString(config, "schema:\n  files: [\"schema.graphql\"]\n");
    return config;
  }

  @Test
  void asyncapi_byDefault_printsYaml() throws Exception {
    Path config =
        config("type Query { a(id: ID!): String @natsRequest(subject: \"a.{{ args.id }}\") }");
    assertEquals(0, main("asyncapi", "--config", config.toString()), err);
    assertTrue(out.startsWith("asyncapi: 3.0.0\n"), out);
    assertTrue(out.contains("address: \"a.{args_id}\""), out);
  }

  @Test
  void asyncapi_json_printsTheSameDocumentAsJson() throws Exception {
    Path config = config("type Query { a: String @natsRequest(subject: \"a\") }");
    assertEquals(0, main("asyncapi", "--config", config.toString(), "--format", "json"), err);
    JsonNode document = new ObjectMapper().readTree(out);
    assertEquals("3.0.0", document.get("asyncapi").asText());
    assertEquals("send", document.at("/operations/Query_a/action").asText());
    assertTrue(document.at("/info/version").asText().startsWith("0.0.0+"));
  }

  @Test
  void asyncapi_invalidSchema_exitsOneWithTheReason() throws Exception {
    Path config = config("type Query { a: String @natsRequest(subject: \"a.*\") }");
    assertEquals(1, main("asyncapi", "--config", config.toString()));
    assertTrue(err.startsWith("invalid schema:"), err);
  }

  @Test
  void asyncapi_unknownFormat_isBadUsage() throws Exception {
    Path config = config("type Query { a: String @natsRequest(subject: \"a\") }");
    assertEquals(2, main("asyncapi", "--config", config.toString(), "--format", "xml"));
    assertTrue(err.contains("--format needs json or yaml, got xml"), err);
  }

  @Test
  void against_onAnotherCommand_isBadUsage() {
    assertEquals(2, main("asyncapi", "--against", "old.graphql"));
    assertTrue(err.contains("Unknown options: '--against'"), err);
  }
}
