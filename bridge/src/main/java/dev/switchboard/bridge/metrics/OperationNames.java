package dev.switchboard.bridge.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operation names as a metric tag, with a bounded number of values: the first {@link #CAPACITY}
 * distinct names seen keep their name, any later new name is {@value #OTHER}, an operation without
 * a name is {@value #ANONYMOUS}. Clients choose names freely, so without the bound one client could
 * create a series per request. With trusted documents required, only manifest names run at all.
 */
final class OperationNames {
  static final int CAPACITY = 100;
  static final int LONGEST = 64;
  static final String OTHER = "other";
  static final String ANONYMOUS = "anonymous";
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  /** The tag value for an operation named {@code name} ({@code null} when it has none). */
  String tagOf(String name) {
    if (name == null || name.isEmpty()) {
      return ANONYMOUS;
    }
    if (known.contains(name)) {
      return name;
    }
    return admit(name) ? name : OTHER;
  }

  private synchronized boolean admit(String name) {
    if (known.size() >= CAPACITY || name.length() > LONGEST) {
      return false;
    }
    known.add(name);
    return true;
  }
}
