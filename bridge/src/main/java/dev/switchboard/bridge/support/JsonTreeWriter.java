package dev.switchboard.bridge.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a JSON tree of maps, lists, strings, numbers, booleans and nulls (what responses, events
 * and payloads are) straight to a generator. Jackson's databind looks a serializer up for every map
 * value and list element by its runtime class; over a response of nested maps that lookup was ~6%
 * of the nested benchmark's samples. Anything else (another number type, a bean) is handed to the
 * mapper, and a key that is not a string is named by the mapper's key serializer, so the bytes are
 * always the mapper's own.
 */
final class JsonTreeWriter {
  private final ObjectMapper mapper;

  JsonTreeWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  void write(JsonGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String text) {
      out.writeString(text);
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject(map);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (entry.getKey() instanceof String name) {
          out.writeFieldName(name);
        } else {
          writeKey(out, entry.getKey());
        }
        write(out, entry.getValue());
      }
      out.writeEndObject();
    } else if (value instanceof Collection<?> list) {
      out.writeStartArray(list, list.size());
      for (Object element : list) {
        write(out, element);
      }
      out.writeEndArray();
    } else if (value instanceof Boolean bool) {
      out.writeBoolean(bool);
    } else if (value instanceof Integer number) {
      out.writeNumber(number);
    } else if (value instanceof Long number) {
      out.writeNumber(number);
    } else if (value instanceof Double number) {
      out.writeNumber(number);
    } else {
      mapper.writeValue(out, value);
    }
  }

  /**
   * A key that is not a string (never in a GraphQL result or a decoded payload) is named by the
   * mapper's own key serializer for its class, as the mapper names it inside a map; a null key is
   * refused as the mapper refuses it.
   */
  private void writeKey(JsonGenerator out, Object key) throws IOException {
    SerializerProvider provider = mapper.getSerializerProviderInstance();
    JsonSerializer<Object> keys =
        key == null
            ? provider.findNullKeySerializer(provider.constructType(Object.class), null)
            : provider.findKeySerializer(key.getClass(), null);
    keys.serialize(key, out, provider);
  }
}
