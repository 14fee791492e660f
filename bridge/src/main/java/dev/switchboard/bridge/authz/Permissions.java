package dev.switchboard.bridge.authz;

import dev.switchboard.bridge.chain.CallContext.Action;
import dev.switchboard.subjects.SubjectPattern;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One caller's subject permissions, with their claims already rendered into the patterns. Default
 * deny: a subject is allowed only when an allow pattern matches it and no deny pattern does. A
 * subscription (which may use wildcards) is allowed only when an allow pattern covers all of it and
 * no deny pattern overlaps it.
 */
public final class Permissions {
  private final Map<Action, List<SubjectPattern>> allow;
  private final Map<Action, List<SubjectPattern>> deny;

  Permissions(Map<Action, List<SubjectPattern>> allow, Map<Action, List<SubjectPattern>> deny) {
    this.allow = new EnumMap<>(allow);
    this.deny = new EnumMap<>(deny);
  }

  public boolean allows(Action action, String subject) {
    SubjectPattern requested = SubjectPattern.parse(subject);
    for (SubjectPattern denied : deny.getOrDefault(action, List.of())) {
      if (denied.overlaps(requested)) {
        return false;
      }
    }
    for (SubjectPattern allowed : allow.getOrDefault(action, List.of())) {
      if (allowed.covers(requested)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "allow " + allow + ", deny " + deny;
  }
}
