package dev.switchboard.bridge.subscriptions;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's members on one event loop. Each result crosses to the loop once and is handed to all of
 * them in one task, in publish order: an event fanned out to 10,000 members costs each loop one
 * task, not one task and one queue hop per member. The member list is touched on the loop only.
 *
 * <p>The inbox is bounded: a loop that falls {@code limit} results behind (blocked or starved)
 * closes its members as slow consumers rather than let results pile up at the subject's rate.
 * Members on other loops go on.
 */
final class GroupLoop {
  private static final Logger log = LoggerFactory.getLogger(GroupLoop.class);
  private final Context context;
  private final LoopBatch batch;
  private final int limit;
  private final Queue<byte[]> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean overrun = new AtomicBoolean();
  private final List<GroupMember> members = new ArrayList<>();
  private boolean delivering;
  // members that have ended but are still in the list
  private int departed;

  GroupLoop(Context context, int limit) {
    this.context = context;
    this.limit = limit;
    this.batch = LoopBatch.of(context);
  }

  /**
   * The context a member's loop is known by: each connection or request runs on its own duplicate
   * of its event loop's context, so keying by that would make one loop per member (one task and
   * queue hop per member per event again). Vert.x's public {@code Context} does not expose the
   * event loop's own context; {@code ContextInternal.unwrap} does.
   */
  static Context loopOf(Context context) {
    return context instanceof ContextInternal internal ? internal.unwrap() : context;
  }

  /** Takes {@code member} in for the results published from now on (any thread). */
  void add(GroupMember member) {
    onLoop(
        () -> {
          if (!member.ended()) { // it may have ended before this ran
            members.add(member);
          }
        });
  }

  /**
   * On the loop: {@code member} has ended and takes nothing more. Ended members are swept in one
   * pass once they are half the list (or after the delivery that is running, which goes by index):
   * removing each from the list at once would cost a pass per member, quadratic when thousands of
   * clients leave together (a load balancer draining, a network partition).
   */
  void remove(GroupMember member) {
    departed++;
    if (!delivering && departed * 2 >= members.size()) {
      sweep();
    }
  }

  private void sweep() {
    departed = 0;
    members.removeIf(GroupMember::ended);
  }

  /** A result for every member on this loop (any thread). */
  void publish(byte[] payload) {
    if (pending.get() >= limit) {
      // Dropping a result would leave a gap nobody sees; these members end instead, once.
      if (overrun.compareAndSet(false, true)) {
        onLoop(this::closeMembersBehind);
      }
      return;
    }
    pending.incrementAndGet();
    inbox.add(payload);
    if (scheduled.compareAndSet(false, true)) {
      onLoop(this::deliver);
    }
  }

  private void deliver() {
    // Cleared first: a result published from here on schedules the next delivery itself.
    scheduled.set(false);
    byte[] payload;
    while ((payload = inbox.poll()) != null) {
      pending.decrementAndGet();
      delivering = true;
      try {
        for (int i = 0, count = members.size(); i < count; i++) {
          offer(members.get(i), payload);
        }
      } finally {
        delivering = false;
      }
      if (departed > 0) {
        sweep(); // an ended member would be offered nothing anyway; this frees it
      }
    }
  }

  private void closeMembersBehind() {
    String reason = "slow consumer: the event loop fell more than " + limit + " events behind";
    for (GroupMember member : List.copyOf(members)) {
      member.slowConsumer(reason);
    }
    overrun.set(false);
  }

  /** Members listed on this loop, ended ones not yet swept included (for tests). */
  int listed() {
    return members.size();
  }

  /** Results waiting for this loop (for tests). */
  int pending() {
    return pending.get();
  }

  private static void offer(GroupMember member, byte[] payload) {
    try {
      member.offer(payload);
    } catch (RuntimeException failed) {
      log.error("a group member's delivery failed; the others go on", failed);
    }
  }

  /** True on this group loop's own event loop. */
  boolean isCurrent() {
    Context current = Vertx.currentContext();
    return current != null && loopOf(current) == context;
  }

  private void onLoop(Runnable task) {
    if (isCurrent()) {
      task.run();
    } else {
      batch.execute(task);
    }
  }
}
