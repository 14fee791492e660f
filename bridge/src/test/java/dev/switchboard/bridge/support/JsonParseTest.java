package dev.switchboard.bridge.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Json#parse} reads what the mapper reads and refuses what it refuses. */
class JsonParseTest {
  private static final String[] ACCEPTED = {
    "{\"query\":\"{ a }\",\"variables\":{\"id\":\"42\",\"n\":[1,2.5,-3e2,true,null]}}",
    "[]",
    "\"grüße 東京 😀\"",
    "12345678901234567890",
    "0.1",
    " { } ",
    "null",
    "{\"a\":1,\"b\":2,\"a\":3}",
    "[[],{},[{}],{\"x\":[]},\"\",false]",
    "[2147483647,2147483648,-9223372036854775808,9223372036854775808,-0,0.0,1e400,-1.5E-10]",
    "{\"esc\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"}"
  };

  private static final String[] REFUSED = {
    "", "   ", "{\"a\":1", "[1,2", "{\"a\"}", "[1,]", "nul", "{\"a\":1}}", "'a'"
  };

  @Test
  void parse_validDocuments_sameValuesAndTypesAsTheMapper() throws IOException {
    for (String json : ACCEPTED) {
      Object expected = Json.MAPPER.readValue(json, Object.class);
      Object parsed = Json.parse(bytes(json));

      assertEquals(expected, parsed, json);
      assertEquals(
          expected == null ? null : expected.getClass(),
          parsed == null ? null : parsed.getClass(),
          json);
    }
  }

  @Test
  void parse_malformedOrEmpty_refusedAsTheMapperRefuses() {
    for (String json : REFUSED) {
      assertThrows(IOException.class, () -> Json.MAPPER.readValue(json, Object.class), json);
      assertThrows(IOException.class, () -> Json.parse(bytes(json)), json);
    }
  }

  @Test
  void parse_trailingTokens_refused() {
    assertThrows(IOException.class, () -> Json.parse(bytes("{\"a\":1} {\"b\":2}")));
  }

  @Test
  void parse_leadingZeros_refused() {
    assertThrows(IOException.class, () -> Json.parse(bytes("{\"a\":007}")));
  }

  @Test
  void parse_nestingBeyond256_refused() throws IOException {
    Json.parse(bytes("[".repeat(256) + "]".repeat(256)));

    assertThrows(IOException.class, () -> Json.parse(bytes("[".repeat(257) + "]".repeat(257))));
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
