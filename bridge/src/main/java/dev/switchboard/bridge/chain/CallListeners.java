package dev.switchboard.bridge.chain;

import dev.switchboard.subjects.ErrorCode;
import java.util.List;

/**
 * Several listeners as one; a listener that throws is a bug, but it must not break the call or the
 * others.
 */
final class CallListeners implements CallListener {
  private final List<CallListener> listeners;

  private CallListeners(List<CallListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  static CallListener of(List<CallListener> listeners) {
    return switch (listeners.size()) {
      case 0 -> NONE;
      case 1 -> listeners.get(0);
      default -> new CallListeners(listeners);
    };
  }

  @Override
  public void callStart(CallContext call, NatsRequest request) {
    for (CallListener listener : listeners) {
      listener.callStart(call, request);
    }
  }

  @Override
  public void callEnd(
      CallContext call, NatsRequest request, ErrorCode outcome, int attempts, long nanos) {
    for (CallListener listener : listeners) {
      listener.callEnd(call, request, outcome, attempts, nanos);
    }
  }

  @Override
  public void attemptStart(CallContext call, NatsRequest request, int attempt) {
    for (CallListener listener : listeners) {
      listener.attemptStart(call, request, attempt);
    }
  }

  @Override
  public void attemptEnd(
      CallContext call, NatsRequest request, int attempt, ErrorCode outcome, long nanos) {
    for (CallListener listener : listeners) {
      listener.attemptEnd(call, request, attempt, outcome, nanos);
    }
  }
}
