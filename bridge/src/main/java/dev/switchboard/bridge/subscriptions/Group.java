package dev.switchboard.bridge.subscriptions;

import io.vertx.core.Context;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subscriptions with the same document, variables, caller identity and subjects: one execution per
 * event, encoded once, written to every member. The group's execution (started by its first member)
 * reports here: {@link #opened} once its NATS interest is live, then {@link #publish} per result.
 * The last member leaving stops that execution, which releases the NATS interest.
 */
public final class Group {
  private final Object key;
  private final SubscriptionGroups owner;
  private final Set<GroupMember> members = ConcurrentHashMap.newKeySet();
  // one per event loop that has members (at most the loop count): the way results reach members
  private final Map<Context, GroupLoop> loops = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private Runnable stop = () -> {};
  private boolean closed;

  Group(Object key, SubscriptionGroups owner) {
    this.key = key;
    this.owner = owner;
  }

  /** False when the group has already ended (its last member left): make a new one. */
  synchronized boolean add(GroupMember member) {
    if (closed) {
      return false;
    }
    members.add(member);
    loops
        .computeIfAbsent(
            GroupLoop.loopOf(member.context()),
            loop -> new GroupLoop(loop, member.session().groupBufferSize()))
        .add(member);
    return true;
  }

  /** On the member's loop, once it has ended. */
  void leave(GroupMember member) {
    GroupLoop loop = loops.get(GroupLoop.loopOf(member.context()));
    if (loop != null) {
      loop.remove(member);
    }
    Runnable stopping;
    synchronized (this) {
      if (!members.remove(member) || !members.isEmpty()) {
        return;
      }
      closed = true;
      stopping = stop;
    }
    owner.remove(key, this);
    stopping.run();
  }

  CompletableFuture<Void> ready() {
    return ready;
  }

  /** The group's execution is live; {@code stopping} cancels it (and with it the NATS interest). */
  public void opened(Runnable stopping) {
    boolean alreadyEmpty;
    synchronized (this) {
      stop = stopping;
      alreadyEmpty = closed;
    }
    if (alreadyEmpty) {
      stopping.run();
    }
    ready.complete(null);
  }

  /**
   * One result of the group's execution, encoded once: the same bytes go to every member, by way of
   * each member's event loop. {@code payload} must not change afterwards.
   */
  public void publish(byte[] payload) {
    // Other loops first: this loop delivers to its members at once, and the others must not wait
    // for it to finish before they start on theirs.
    GroupLoop here = null;
    for (GroupLoop loop : loops.values()) {
      if (loop.isCurrent()) {
        here = loop;
      } else {
        loop.publish(payload);
      }
    }
    if (here != null) {
      here.publish(payload);
    }
  }

  /** The execution could not start or failed: every member fails with it. */
  public void failed(Throwable failure) {
    end();
    ready.completeExceptionally(failure);
    members.forEach(member -> member.fail(failure));
  }

  /** The execution's event stream ended: every member completes. */
  public void completed() {
    end();
    members.forEach(GroupMember::complete);
  }

  /** The execution fell too far behind: every member's connection closes with the reason. */
  void closeAll(int code, String reason) {
    end();
    members.forEach(member -> member.close(code, reason));
  }

  private void end() {
    synchronized (this) {
      closed = true;
    }
    owner.remove(key, this);
  }

  /** Event loops with members right now (for tests). */
  int loopCount() {
    return loops.size();
  }

  /** Members listed on the loop of {@code context} (for tests). */
  int listedOn(Context context) {
    GroupLoop loop = loops.get(GroupLoop.loopOf(context));
    return loop == null ? 0 : loop.listed();
  }

  /** Results waiting for the loop of {@code context} (for tests). */
  int pendingOn(Context context) {
    GroupLoop loop = loops.get(GroupLoop.loopOf(context));
    return loop == null ? 0 : loop.pending();
  }

  /** Members right now (for tests). */
  int size() {
    return members.size();
  }
}
