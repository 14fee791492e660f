package dev.switchboard.bridge.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The mutable part of one call, shared by every chain position of that call. */
final class CallState {
  final CallContext call;
  final long deadlineNanos;
  final CallListener listener;
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile Interceptor.Sent lastSent;
  private List<Runnable> cancelActions;
  private boolean cancelled;

  CallState(CallContext call, long startNanos, CallListener listener) {
    this.call = call;
    this.deadlineNanos = startNanos + call.policy().timeout().toNanos();
    this.listener = listener;
  }

  int nextAttempt() {
    return attempts.incrementAndGet();
  }

  int attempts() {
    return attempts.get();
  }

  void sent(NatsRequest request, int attempt) {
    lastSent = new Interceptor.Sent(request, attempt);
  }

  Optional<Interceptor.Sent> lastSent() {
    return Optional.ofNullable(lastSent);
  }

  void onCancel(Runnable action) {
    boolean runNow;
    synchronized (this) {
      runNow = cancelled;
      if (!runNow) {
        if (cancelActions == null) {
          cancelActions = new ArrayList<>(2);
        }
        cancelActions.add(action);
      }
    }
    if (runNow) {
      action.run();
    }
  }

  synchronized boolean isCancelled() {
    return cancelled;
  }

  void cancel() {
    List<Runnable> actions;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      actions = cancelActions;
      cancelActions = null;
    }
    if (actions != null) {
      actions.forEach(Runnable::run);
    }
  }
}
