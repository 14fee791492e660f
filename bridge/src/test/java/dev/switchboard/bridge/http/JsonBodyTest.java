package dev.switchboard.bridge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.support.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

  @Test
  void of_smallDocument_isTheMappersBytesInABufferOfTheirSize() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", Map.of("order", Map.of("id", "42")));
    byte[] expected = Json.bytes(body);

    var buffer = JsonBody.of(body);

    assertArrayEquals(expected, buffer.getBytes());
    assertEquals(expected.length, buffer.length());
  }

  @Test
  void of_documentLargerThanTheEncodersChunk_isWhole() {
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      rows.add(Map.of("id", i, "name", "customer é " + i));
    }
    Map<String, Object> body = Map.of("data", Map.of("rows", rows));
    byte[] expected = Json.bytes(body);

    byte[] written = JsonBody.of(body).getBytes();

    assertTrue(expected.length > 100_000, "spans many of the encoder's flushes");
    assertArrayEquals(expected, written);
    assertEquals(body, parse(written));
  }

  @Test
  void of_null_isTheJsonNull() {
    assertEquals("null", JsonBody.of(null).toString());
  }

  @Test
  void of_valueThatIsNotJson_isRefusedAsJsonBytesRefusesIt() {
    Map<Object, Object> nullKey = new LinkedHashMap<>();
    nullKey.put(null, 1);

    assertThrows(IllegalArgumentException.class, () -> Json.bytes(nullKey));
    assertThrows(IllegalArgumentException.class, () -> JsonBody.of(nullKey));
  }

  private static Object parse(byte[] json) {
    try {
      return Json.parse(json);
    } catch (java.io.IOException notJson) {
      throw new AssertionError(notJson);
    }
  }
}
