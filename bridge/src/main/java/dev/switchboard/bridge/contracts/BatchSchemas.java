package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The payloads of a batched ({@code batchKey}) request: {@code {"keys": [...]}} and an array with
 * one item per key, in order, where an item may be {@code {"__error": {"code", "message"}}}.
 */
final class BatchSchemas {
  static final String ITEM_ERROR = "__error";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private BatchSchemas() {}

  static ObjectNode request(int maxBatch) {
    ObjectNode body = JsonSchemas.object();
    ObjectNode keys = body.putObject("properties").putObject("keys");
    keys.put("type", "array")
        .put("minItems", 1)
        .put("maxItems", maxBatch)
        .put("description", "Distinct keys, each one rendered from the batchKey template.");
    keys.putObject("items").put("type", "string");
    body.putArray("required").add("keys");
    return body;
  }

  static ObjectNode reply(ObjectNode item) {
    ObjectNode reply =
        NODES
            .objectNode()
            .put("type", "array")
            .put("description", "One item per key, in the order of the request's keys.");
    ObjectNode error = JsonSchemas.object();
    ObjectNode detail = error.putObject("properties").putObject(ITEM_ERROR);
    detail.put("type", "object").put("description", "This key's item failed: SERVICE_ERROR.");
    ObjectNode fields = detail.putObject("properties");
    fields.putObject("code").putArray("type").add("integer").add("string");
    fields.putObject("message").put("type", "string");
    error.putArray("required").add(ITEM_ERROR);
    reply.putObject("items").putArray("anyOf").add(item).add(error);
    return reply;
  }
}
