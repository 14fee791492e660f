package dev.switchboard.bridge.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** The one JSON mapper of the bridge: request bodies, NATS payloads and responses. */
public final class Json {
  /** Deep enough for real payloads, shallow enough that hostile nesting fails fast. */
  private static final int MAX_NESTING = 256;

  public static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
  }

  private Json() {}

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException unserializable) {
      throw new IllegalArgumentException("value cannot be written as JSON", unserializable);
    }
  }

  /** Parses any JSON value into maps, lists, strings, numbers, booleans or null. */
  public static Object parse(byte[] json) throws IOException {
    return MAPPER.readValue(json, Object.class);
  }
}
