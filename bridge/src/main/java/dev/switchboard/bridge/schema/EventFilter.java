package dev.switchboard.bridge.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One condition of a subscription filter, written {@code payload.path == args.name}: an event is
 * delivered only when the value at {@code path} in its JSON equals the argument. An argument the
 * client did not give (null) switches its condition off. Numbers compare by value ({@code 2 ==
 * 2.0}).
 *
 * @param path property names into the event's JSON
 * @param argument the field argument to compare with
 */
public record EventFilter(List<String> path, String argument) {

  public EventFilter {
    path = List.copyOf(path);
  }

  /** Parses {@code status == args.status} or {@code customer.id == args.customerId}. */
  static EventFilter parse(String text) {
    String[] sides = text.split("==", -1);
    if (sides.length != 2) {
      throw new IllegalArgumentException("filter '" + text + "' must read 'path == args.name'");
    }
    String left = sides[0].trim();
    String right = sides[1].trim();
    if (!right.startsWith("args.")
        || right.length() == "args.".length()
        || right.substring(5).contains(".")) {
      throw new IllegalArgumentException(
          "filter '" + text + "': the right side must be args.<argument>");
    }
    if (left.isEmpty() || !left.matches("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*")) {
      throw new IllegalArgumentException(
          "filter '"
              + text
              + "': the left side must be a property path like status or customer.id");
    }
    return new EventFilter(List.of(left.split("\\.")), right.substring(5));
  }

  /** True when the event passes, given the field's arguments. */
  public boolean accepts(Object event, Map<String, Object> arguments) {
    Object wanted = arguments.get(argument);
    if (wanted == null) {
      return true;
    }
    Object actual = event;
    for (String key : path) {
      if (!(actual instanceof Map<?, ?> object)) {
        return false;
      }
      actual = object.get(key);
    }
    if (actual instanceof Number a && wanted instanceof Number b) {
      return new java.math.BigDecimal(a.toString())
              .compareTo(new java.math.BigDecimal(b.toString()))
          == 0;
    }
    return Objects.equals(actual == null ? null : actual.toString(), wanted.toString());
  }
}
