package dev.switchboard.bridge.graphql;

import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The fields selected on one object, split into plain JSON reads (and {@code __typename}) and the
 * fields graphql-java must fetch; {@link #merge} puts the two halves back in the selection's order,
 * which is the response's key order.
 */
record PlainSplit(List<String> order, MergedSelectionSet plain, MergedSelectionSet fetched) {

  /**
   * True when every selected field is a plain read: the common case, decided without allocating.
   */
  static boolean allPlain(Set<String> plainFields, MergedSelectionSet fields) {
    for (MergedField field : fields.getSubFields().values()) {
      if (!isRead(plainFields, field.getName())) {
        return false;
      }
    }
    return true;
  }

  static PlainSplit of(Set<String> plainFields, MergedSelectionSet fields) {
    Map<String, MergedField> plain = new LinkedHashMap<>();
    Map<String, MergedField> fetched = new LinkedHashMap<>();
    for (Map.Entry<String, MergedField> selected : fields.getSubFields().entrySet()) {
      boolean read = isRead(plainFields, selected.getValue().getName());
      (read ? plain : fetched).put(selected.getKey(), selected.getValue());
    }
    return new PlainSplit(
        fields.getKeys(),
        MergedSelectionSet.newMergedSelectionSet().subFields(plain).build(),
        MergedSelectionSet.newMergedSelectionSet().subFields(fetched).build());
  }

  private static boolean isRead(Set<String> plainFields, String name) {
    return plainFields.contains(name) || name.equals("__typename");
  }

  /**
   * @param plainValues the plain half, completed
   * @param fetched graphql-java's result for the other half: its map, or a future of it
   * @return the whole object, in the same form as {@code fetched}
   */
  @SuppressWarnings("unchecked")
  Object merge(Object plainValues, Object fetched) {
    Map<String, Object> plainMap = (Map<String, Object>) plainValues;
    if (fetched instanceof CompletableFuture<?> later) {
      return later.thenApply(values -> ordered(plainMap, (Map<String, Object>) values));
    }
    return ordered(plainMap, (Map<String, Object>) fetched);
  }

  private Map<String, Object> ordered(Map<String, Object> plainMap, Map<String, Object> fetched) {
    if (fetched == null) {
      return null; // a non-null fetched field was null: graphql-java nulled the whole object
    }
    Map<String, Object> whole = new LinkedHashMap<>(order.size() * 2);
    for (String key : order) {
      whole.put(key, plainMap.containsKey(key) ? plainMap.get(key) : fetched.get(key));
    }
    return whole;
  }
}
