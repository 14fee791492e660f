package dev.switchboard.bridge.subscriptions;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.reactivestreams.Publisher;

/**
 * The live groups of identical subscriptions, by key. A group is removed as its last member leaves,
 * so the map holds no more entries than there are live subscriptions (each bounded per connection).
 */
final class SubscriptionGroups {
  private final Map<Object, Group> groups = new ConcurrentHashMap<>();

  /**
   * Joins the group of {@code key}, or founds it: then {@code start} runs with the group's own
   * session; it must start the group's execution there and report to the group ({@link
   * Group#opened}, {@link Group#failed}).
   *
   * @return the member's publisher, once the group's execution is live
   */
  CompletableFuture<Publisher<Object>> join(
      Object key,
      SubscriptionSession session,
      EncodedSink sink,
      BiConsumer<Group, SubscriptionSession> start) {
    while (true) {
      Group fresh = new Group(key, this);
      Group group = groups.computeIfAbsent(key, ignored -> fresh);
      GroupMember member = new GroupMember(session, sink, group);
      if (!group.add(member)) {
        groups.remove(key, group); // ended between lookup and join: found a new one
        continue;
      }
      if (group == fresh) {
        try {
          start.accept(group, session.forGroup(group));
        } catch (RuntimeException failedToStart) {
          // a group that never opens would hold every later identical subscription forever
          group.failed(failedToStart);
        }
      }
      return group
          .ready()
          .<Publisher<Object>>thenApply(
              live -> {
                member.started();
                return member;
              })
          .whenComplete(
              (ok, failed) -> {
                if (failed != null) {
                  session.execute(member::end);
                }
              });
    }
  }

  void remove(Object key, Group group) {
    groups.remove(key, group);
  }

  /** Groups right now (for tests and metrics). */
  int size() {
    return groups.size();
  }
}
