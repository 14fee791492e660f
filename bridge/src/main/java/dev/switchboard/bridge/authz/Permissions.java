package dev.switchboard.bridge.authz;

import dev.switchboard.bridge.chain.CallContext.Action;
import dev.switchboard.subjects.SubjectPattern;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One caller's subject permissions, with their claims already rendered into the patterns. Default
 * deny: a subject is allowed only when an allow pattern matches it and no deny pattern does. A
 * subscription (which may use wildcards) is allowed only when an allow pattern covers all of it and
 * no deny pattern overlaps it.
 */
public final class Permissions {
  /**
   * Decisions kept per action. A caller asks for the same few subjects again and again, and the
   * decision costs a parse of the subject and a walk of every pattern; past this many subjects a
   * caller's further decisions are made without being kept, so no caller can grow the memo (the
   * token cache holds at most {@code auth.tokenCache} callers' permissions).
   */
  static final int REMEMBERED_PER_ACTION = 16;

  private final Map<Action, List<SubjectPattern>> allow;
  private final Map<Action, List<SubjectPattern>> deny;
  private final Map<Action, Map<String, Boolean>> decided = new EnumMap<>(Action.class);

  Permissions(Map<Action, List<SubjectPattern>> allow, Map<Action, List<SubjectPattern>> deny) {
    this.allow = new EnumMap<>(allow);
    this.deny = new EnumMap<>(deny);
    for (Action action : Action.values()) {
      decided.put(action, new ConcurrentHashMap<>());
    }
  }

  public boolean allows(Action action, String subject) {
    Map<String, Boolean> known = decided.get(action);
    Boolean decision = known.get(subject);
    if (decision != null) {
      return decision;
    }
    boolean allowed = decide(action, subject);
    if (known.size() < REMEMBERED_PER_ACTION) {
      known.put(subject, allowed);
    }
    return allowed;
  }

  /** How many decisions are kept for {@code action}. */
  int remembered(Action action) {
    return decided.get(action).size();
  }

  private boolean decide(Action action, String subject) {
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
