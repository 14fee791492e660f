package dev.switchboard.bridge.chain;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Repeats a failed attempt when that is safe and useful: only retryable calls (queries, and
 * publishes with an idempotency key to a stream), only failures that mean "nobody could answer"
 * ({@code SERVICE_UNAVAILABLE}, a service error with code 503, or an attempt that ran out of its
 * share of the deadline), within the field's retry count and the shared retry budget, and never
 * when the backoff would run past the deadline. An attempt cut off by its connection dropping
 * ({@link ConnectionLost}) is repeated as soon as the connection is back, not after a backoff.
 */
final class RetryInterceptor implements Interceptor {
  private final Scheduler scheduler;
  private final Backoff backoff;
  private final RetryBudget budget;

  RetryInterceptor(Scheduler scheduler, Backoff backoff, RetryBudget budget) {
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.budget = budget;
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    budget.recordCall();
    if (!chain.call().retryable() || chain.call().policy().retries() == 0) {
      return chain.proceed(chain.request());
    }
    CompletableFuture<NatsReply> result = new CompletableFuture<>();
    attempt(chain, 1, result);
    return result;
  }

  private void attempt(Chain chain, int number, CompletableFuture<NatsReply> result) {
    chain
        .proceed(chain.request())
        .whenComplete(
            (reply, error) -> {
              if (error == null) {
                result.complete(reply);
                return;
              }
              Throwable cause = Failures.unwrap(error);
              Duration delay =
                  number <= chain.call().policy().retries() && isRetryable(cause, chain)
                      ? backoff.delayBefore(number)
                      : null;
              if (delay == null
                  || chain.isCancelled()
                  || delay.compareTo(chain.remaining()) >= 0
                  || !budget.tryRetry()) {
                result.completeExceptionally(cause);
                return;
              }
              Runnable again =
                  () -> {
                    if (!chain.isCancelled() && !result.isDone()) {
                      attempt(chain, number + 1, result);
                    }
                  };
              if (cause instanceof ConnectionLost lost) {
                // the deadline interceptor cancels the call if the connection is not back in time
                chain.onCancel(() -> result.completeExceptionally(cause));
                lost.back().thenRun(again);
                return;
              }
              scheduler.schedule(delay, again);
            });
  }

  static boolean isRetryable(Throwable failure, Chain chain) {
    if (!(failure instanceof BridgeException bridge)) {
      return false;
    }
    // An attempt that timed out while the call still has time: the transport gave it only a share.
    boolean attemptTimedOut =
        bridge.code() == ErrorCode.TIMEOUT
            && !chain.isCancelled()
            && !chain.remaining().isNegative()
            && !chain.remaining().isZero();
    return attemptTimedOut
        || bridge.code() == ErrorCode.SERVICE_UNAVAILABLE
        || (bridge.code() == ErrorCode.SERVICE_ERROR
            && Integer.valueOf(503).equals(bridge.extensions().get("serviceCode")));
  }

  @Override
  public String toString() {
    return "retry";
  }
}
