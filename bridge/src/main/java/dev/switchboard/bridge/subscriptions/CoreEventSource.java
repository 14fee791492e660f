package dev.switchboard.bridge.subscriptions;

import java.util.ArrayList;
import java.util.List;

/** Live events from core NATS subjects, through the shared per-subject subscriptions. */
final class CoreEventSource implements EventSource {
  private final List<Runnable> leaves = new ArrayList<>();
  private boolean closed;

  /** Adds the handle of one more subject's listener. */
  synchronized void add(Runnable leave) {
    if (closed) {
      leave.run();
      return;
    }
    leaves.add(leave);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    leaves.forEach(Runnable::run);
    leaves.clear();
  }
}
