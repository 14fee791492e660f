package dev.switchboard.bridge.chain;

import dev.switchboard.subjects.ErrorCode;

/**
 * Watches calls without changing them (metrics, audit, tests). Events come in pairs: every {@code
 * callStart} is followed by exactly one {@code callEnd}, every {@code attemptStart} by exactly one
 * {@code attemptEnd}. When the deadline cuts a call short, its last {@code attemptEnd} (with {@code
 * TIMEOUT}) may come after the {@code callEnd}. Implementations must be fast and must not throw.
 */
public interface CallListener {
  CallListener NONE = new CallListener() {};

  default void callStart(CallContext call, NatsRequest request) {}

  /**
   * @param outcome null on success, else the failure's code
   * @param attempts how many attempts were sent (0 when the call was refused before sending)
   * @param nanos duration of the whole call
   */
  default void callEnd(
      CallContext call, NatsRequest request, ErrorCode outcome, int attempts, long nanos) {}

  default void attemptStart(CallContext call, NatsRequest request, int attempt) {}

  default void attemptEnd(
      CallContext call, NatsRequest request, int attempt, ErrorCode outcome, long nanos) {}
}
