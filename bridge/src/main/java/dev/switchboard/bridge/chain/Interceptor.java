package dev.switchboard.bridge.chain;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Observes, rewrites, short-circuits or repeats a NATS call. Call-scoped interceptors run once per
 * call; attempt-scoped ones run once per attempt (after a retry, again).
 *
 * <p>Error contract: fail the returned stage with a {@code BridgeException} carrying the code the
 * client should see; any other exception becomes {@code INTERNAL}. Never return null and never
 * block. Attempt-scoped interceptors call {@link Chain#proceed} exactly once; call-scoped ones may
 * call it again to retry (each call starts a new attempt).
 */
@FunctionalInterface
public interface Interceptor {
  CompletionStage<NatsReply> intercept(Chain chain);

  /** The position of an interceptor in a call: what it sees and how it hands on. */
  interface Chain {
    NatsRequest request();

    /** Hands the request to the next interceptor. */
    CompletionStage<NatsReply> proceed(NatsRequest request);

    /** Time left before the call's deadline (zero or negative when it has passed). */
    Duration remaining();

    CallContext call();

    /** 1 for the first attempt, 2 for the first retry...; 0 in call-scoped interceptors. */
    int attempt();

    /**
     * Registers an action run if the call is abandoned (deadline passed), e.g. cancelling an
     * in-flight NATS request so it is forgotten at once.
     */
    void onCancel(Runnable action);

    /** True once the call has been abandoned; nothing more should be sent. */
    boolean isCancelled();

    /** Abandons the call: runs the {@link #onCancel} actions. Used when the deadline passes. */
    void cancel();

    /**
     * What the last interceptor (the transport) was last handed, with every header of its attempt;
     * empty while nothing reached it (a refusal). Read it once the call has ended.
     */
    Optional<Sent> lastSent();
  }

  /**
   * A request as it went to the transport.
   *
   * @param attempt its attempt number: how many attempts the call made by then
   */
  record Sent(NatsRequest request, int attempt) {}
}
