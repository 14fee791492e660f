package dev.switchboard.subjects.responder;

import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Speaks the batch wire format for a {@link BatchHandler}: reads {@code {"keys": [...]}}, calls the
 * handler once, and replies with the JSON array of its items, a {@link BatchItemError} becoming
 * {@code {"__error": {"code", "message"}}}.
 */
final class BatchEndpoint implements Handler {
  static final String BAD_REQUEST =
      "a batch request is {\"keys\": [...]} with string or number keys";
  private final BatchHandler handler;

  BatchEndpoint(BatchHandler handler) {
    this.handler = handler;
  }

  @Override
  public Reply handle(Request request) throws Exception {
    List<String> keys = keys(request.data());
    if (keys == null) {
      return Reply.error(400, BAD_REQUEST);
    }
    List<?> items = handler.handle(keys, request);
    if (items == null || items.size() != keys.size()) {
      // the bridge would refuse the whole batch; say so here, where the bug is
      throw new IllegalStateException(
          "batch handler answered "
              + (items == null ? "null" : items.size() + " items")
              + " for "
              + keys.size()
              + " keys");
    }
    StringBuilder json = new StringBuilder(64 * items.size() + 2).append('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      JsonText.write(json, item(items.get(i)));
    }
    return Reply.bytes(json.append(']').toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Object item(Object item) {
    if (item instanceof BatchItemError error) {
      return JsonText.itemError(error.code(), error.message());
    }
    if (item instanceof ServiceException error) {
      return JsonText.itemError(error.code(), error.getMessage());
    }
    return item;
  }

  /** The keys as strings (numbers in their JSON spelling), or null when the body is not a batch. */
  static List<String> keys(byte[] body) {
    JsonValue request;
    try {
      request = JsonParser.parse(body);
    } catch (JsonParseException notJson) {
      return null;
    }
    JsonValue keys = request.map == null ? null : request.map.get("keys");
    if (keys == null || keys.array == null) {
      return null;
    }
    List<String> result = new ArrayList<>(keys.array.size());
    for (JsonValue key : keys.array) {
      if (key.string != null) {
        result.add(key.string);
      } else if (key.number != null) {
        result.add(key.toJson());
      } else {
        return null;
      }
    }
    return result;
  }
}
