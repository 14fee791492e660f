package dev.switchboard.subjects.responder;

import java.util.List;

/**
 * Answers one batched request (a field with {@code batchKey}) for all its keys at once: one item
 * per key, in the same order. An item is {@code null} (nothing found), a {@link BatchItemError}, or
 * a value to encode as JSON (Map, List, String, Number, Boolean, jnats {@code JsonValue}). Throw
 * {@link ServiceException} to fail every item.
 */
@FunctionalInterface
public interface BatchHandler {
  List<?> handle(List<String> keys, Request request) throws Exception;
}
