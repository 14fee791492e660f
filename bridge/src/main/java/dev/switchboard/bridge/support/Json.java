package dev.switchboard.bridge.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;

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

  // A reader made once: the mapper's readValue(bytes, Object.class) looks the type and its root
  // deserializer up again on every call, near a third of a small body's parse (twice per request).
  private static final ObjectReader ANY_VALUE = MAPPER.readerFor(Object.class);

  /** The mapper's own JSON of {@code value}, written without its per-value serializer lookup. */
  public static byte[] bytes(Object value) {
    ByteArrayBuilder bytes = new ByteArrayBuilder();
    write(value, bytes);
    return bytes.toByteArray();
  }

  /** Writes the same JSON as {@link #bytes} to {@code out}, then closes it. */
  public static void write(Object value, OutputStream out) {
    try (JsonGenerator generator = MAPPER.createGenerator(out)) {
      TREE.write(generator, value);
    } catch (IOException unserializable) {
      throw new IllegalArgumentException("value cannot be written as JSON", unserializable);
    }
  }

  /** Parses any JSON value into maps, lists, strings, numbers, booleans or null. */
  public static Object parse(byte[] json) throws IOException {
    return ANY_VALUE.readValue(json);
  }
}
