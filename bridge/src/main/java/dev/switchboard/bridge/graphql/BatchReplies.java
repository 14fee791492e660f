package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import graphql.schema.GraphQLType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dataloader.Try;

/**
 * Splits the reply of a batched request (a JSON array, one item per key in the order sent) into the
 * items' values: {@code null}, a value of the field's type, or {@code {"__error": {"code",
 * "message"}}}, which fails that item alone. A reply that is not such an array is {@code BAD_REPLY}
 * for the whole batch.
 */
final class BatchReplies {
  static final String ITEM_ERROR = "__error";
  private static final int LONGEST_TEXT = 500;

  private BatchReplies() {}

  static List<Try<Object>> decode(byte[] body, int keys, GraphQLType type, String coordinate) {
    Object value;
    try {
      value = Json.parse(body);
    } catch (IOException notJson) {
      throw Replies.badReply(coordinate, "the batch reply is not JSON");
    }
    if (!(value instanceof List<?> items)) {
      throw Replies.badReply(coordinate, "the batch reply is not an array");
    }
    if (items.size() != keys) {
      throw Replies.badReply(
          coordinate, "the batch reply has " + items.size() + " items for " + keys + " keys");
    }
    List<Try<Object>> values = new ArrayList<>(keys);
    for (Object item : items) {
      values.add(item(item, type, coordinate));
    }
    return values;
  }

  private static Try<Object> item(Object item, GraphQLType type, String coordinate) {
    if (item instanceof Map<?, ?> object && object.containsKey(ITEM_ERROR)) {
      return Try.failed(itemError(object.get(ITEM_ERROR)));
    }
    String problem = ReplyShape.mismatch(item, type);
    if (problem != null) {
      return Try.failed(Replies.badReply(coordinate, problem));
    }
    return Try.succeeded(item);
  }

  /** As long as a service error header's text may be. */
  private static String bounded(String text) {
    return text.length() > LONGEST_TEXT ? text.substring(0, LONGEST_TEXT) + "..." : text;
  }

  /** The same coded error a service's error reply becomes, for this item only. */
  private static BridgeException itemError(Object error) {
    Object code = error instanceof Map<?, ?> fields ? fields.get("code") : null;
    Object text = error instanceof Map<?, ?> fields ? fields.get("message") : null;
    String message =
        text instanceof String given && !given.isBlank()
            ? bounded(given.strip())
            : "The service reported an error.";
    return new BridgeException(
        ErrorCode.SERVICE_ERROR,
        message,
        code instanceof Number || code instanceof String ? Map.of("serviceCode", code) : Map.of(),
        "service error " + code + " for one batch item",
        null);
  }
}
