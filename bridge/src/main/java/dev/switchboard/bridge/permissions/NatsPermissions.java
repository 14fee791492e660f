package dev.switchboard.bridge.permissions;

import dev.switchboard.subjects.SubjectPattern;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a NATS user may do, in nats-server's terms: the subjects it may publish to and subscribe to
 * (sorted, without duplicates or patterns another one covers), and whether it may answer requests
 * (publish once to the reply subject of a message it received).
 *
 * @param publish publish allow list; empty means the user publishes nowhere
 * @param subscribe subscribe allow list
 * @param allowResponses the user runs a responder and replies to its requesters' inboxes
 */
public record NatsPermissions(
    List<String> publish, List<String> subscribe, boolean allowResponses) {

  public NatsPermissions {
    publish = List.copyOf(publish);
    subscribe = List.copyOf(subscribe);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects subjects in any order and any number of times. */
  public static final class Builder {
    private final Set<String> publish = new TreeSet<>();
    private final Set<String> subscribe = new TreeSet<>();
    private boolean allowResponses;

    private Builder() {}

    public Builder publish(String pattern) {
      publish.add(checked(pattern));
      return this;
    }

    public Builder subscribe(String pattern) {
      subscribe.add(checked(pattern));
      return this;
    }

    /** The user answers requests: one reply to each request's reply subject. */
    public Builder allowResponses() {
      allowResponses = true;
      return this;
    }

    public NatsPermissions build() {
      return new NatsPermissions(
          withoutCovered(publish), withoutCovered(subscribe), allowResponses);
    }

    private static String checked(String pattern) {
      SubjectPattern.parse(pattern);
      return pattern;
    }

    /** Drops a pattern when another one already allows everything it matches. */
    private static List<String> withoutCovered(Set<String> patterns) {
      List<SubjectPattern> parsed = patterns.stream().map(SubjectPattern::parse).toList();
      List<String> kept =
          parsed.stream()
              .filter(
                  pattern ->
                      parsed.stream()
                          .noneMatch(other -> !other.equals(pattern) && other.covers(pattern)))
              .map(SubjectPattern::toString)
              .sorted()
              .toList();
      return Collections.unmodifiableList(kept);
    }
  }
}
