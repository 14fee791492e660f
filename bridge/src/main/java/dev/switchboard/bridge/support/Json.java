package dev.switchboard.bridge.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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

  private static final JsonTreeWriter TREE = new JsonTreeWriter(MAPPER);

  /** The mapper's own JSON of {@code value}, written without its per-value serializer lookup. */
  public static byte[] bytes(Object value) {
    ByteArrayBuilder bytes = new ByteArrayBuilder();
    try (JsonGenerator out = MAPPER.createGenerator(bytes)) {
      TREE.write(out, value);
    } catch (IOException unserializable) {
      throw new IllegalArgumentException("value cannot be written as JSON", unserializable);
    }
    return bytes.toByteArray();
  }

  /** Parses any JSON value into maps, lists, strings, numbers, booleans or null. */
  public static Object parse(byte[] json) throws IOException {
    return MAPPER.readValue(json, Object.class);
  }
}
