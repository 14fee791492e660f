package dev.switchboard.bridge.subscriptions;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The bounded queue between a subscription's producer (a NATS thread, or a group's execution) and
 * its event loop. It never grows past its capacity: a full buffer means the reader fell behind, and
 * the owner closes it as a slow consumer. Once closed it takes nothing more.
 */
final class EventBuffer<T> {
  enum Offer {
    QUEUED,
    FULL,
    CLOSED
  }

  private final Deque<T> queue = new ArrayDeque<>();
  private final int capacity;
  private boolean closed;

  EventBuffer(int capacity) {
    this.capacity = capacity;
  }

  synchronized Offer offer(T item) {
    if (closed) {
      return Offer.CLOSED;
    }
    if (queue.size() >= capacity) {
      return Offer.FULL;
    }
    queue.add(item);
    return Offer.QUEUED;
  }

  /** The oldest item, or null when empty. */
  synchronized T poll() {
    return queue.poll();
  }

  /** Drops what waits and refuses what comes. */
  synchronized void close() {
    closed = true;
    queue.clear();
  }
}
