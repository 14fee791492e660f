package dev.switchboard.bridge.subscriptions;

import dev.switchboard.bridge.auth.Caller;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One streaming connection (a WebSocket, or one SSE response): who is on it, where its events are
 * written, how many subscriptions it holds. Subscriptions deliver on its event loop only.
 */
public final class SubscriptionSession {
  private final Context context;
  private final Caller caller;
  private final Delivery delivery;
  private final int maxSubscriptions;
  private final int bufferSize;
  private final SubscriptionMetrics metrics;
  private final AtomicInteger active = new AtomicInteger();
  private final LoopBatch batch;

  /**
   * A group's execution may fall this many client buffers behind before every member is closed: a
   * JIT or GC pause must not end a shared stream that each client alone would have survived.
   */
  static final int GROUP_BUFFER_FACTOR = 4;

  public SubscriptionSession(
      Context context,
      Caller caller,
      Delivery delivery,
      int maxSubscriptions,
      int bufferSize,
      SubscriptionMetrics metrics) {
    this.context = context;
    this.caller = caller;
    this.delivery = delivery;
    this.maxSubscriptions = maxSubscriptions;
    this.bufferSize = bufferSize;
    this.metrics = metrics;
    this.batch = LoopBatch.of(context);
  }

  public Caller caller() {
    return caller;
  }

  /** The event loop the session delivers on. */
  Context context() {
    return context;
  }

  Delivery delivery() {
    return delivery;
  }

  int bufferSize() {
    return bufferSize;
  }

  /** How far a group's execution, or one event loop of its members, may fall behind. */
  int groupBufferSize() {
    return bufferSize * GROUP_BUFFER_FACTOR;
  }

  SubscriptionMetrics metrics() {
    return metrics;
  }

  /** Takes a subscription slot; false when the connection already holds its maximum. */
  public boolean tryAcquire() {
    while (true) {
      int current = active.get();
      if (current >= maxSubscriptions) {
        return false;
      }
      if (active.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void release() {
    active.decrementAndGet();
  }

  /**
   * The session of a group's own execution: on this session's event loop, with the same caller, a
   * larger buffer, one subscription, never blocked by a socket (members have their own), and not
   * counted among the live subscriptions (its members are).
   */
  SubscriptionSession forGroup(Group group) {
    return new SubscriptionSession(
        context, caller, new GroupDelivery(group), 1, groupBufferSize(), metrics.forGroup());
  }

  int maxSubscriptions() {
    return maxSubscriptions;
  }

  /**
   * Runs on the session's event loop: inline when already there, else queued with the loop's batch.
   */
  public void execute(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      batch.execute(task);
    }
  }
}
