package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A schema without its wrappers: a description's {@code allOf}, and nullability ({@code anyOf} with
 * {@code null}, or {@code "null"} in {@code type}).
 */
record SchemaShape(JsonNode schema, String ref, boolean nullable) {
  static SchemaShape of(JsonNode node) {
    JsonNode schema = node;
    boolean nullable = false;
    while (true) {
      if (schema.has("allOf") && schema.get("allOf").size() == 1) {
        schema = schema.get("allOf").get(0);
      } else if (isNullableAnyOf(schema)) {
        nullable = true;
        schema = schema.get("anyOf").get(0);
      } else {
        break;
      }
    }
    JsonNode type = schema.get("type");
    if (type != null && type.isArray() && PayloadComparison.texts(type).contains("null")) {
      nullable = true;
      ObjectNode copy = ((ObjectNode) schema).deepCopy();
      ArrayNode without = copy.putArray("type");
      PayloadComparison.texts(type).stream()
          .filter(name -> !name.equals("null"))
          .forEach(without::add);
      if (without.size() == 1) {
        copy.put("type", without.get(0).asText());
      }
      schema = copy;
    }
    String ref =
        schema.has("$ref")
            ? schema.get("$ref").asText().substring(JsonSchemas.REF_PREFIX.length())
            : null;
    return new SchemaShape(schema, ref, nullable);
  }

  private static boolean isNullableAnyOf(JsonNode schema) {
    JsonNode anyOf = schema.get("anyOf");
    return anyOf != null && anyOf.size() == 2 && "null".equals(anyOf.get(1).path("type").asText());
  }
}
