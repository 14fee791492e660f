package dev.switchboard.bridge.chain;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fails the call with {@code TIMEOUT} when its deadline passes, on the bridge's own timer, and
 * abandons whatever is still in flight. A 200 ms timeout fails at 200 ms, not at the NATS client's
 * next periodic sweep.
 */
final class DeadlineInterceptor implements Interceptor {
  private final Scheduler scheduler;

  DeadlineInterceptor(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    if (chain.remaining().isNegative() || chain.remaining().isZero()) {
      return Failures.failed(timeout(chain));
    }
    CompletableFuture<NatsReply> result = new CompletableFuture<>();
    Scheduler.Cancellable timer =
        scheduler.schedule(
            chain.remaining(),
            () -> {
              if (result.completeExceptionally(timeout(chain))) {
                chain.cancel();
              }
            });
    chain
        .proceed(chain.request())
        .whenComplete(
            (reply, error) -> {
              timer.cancel();
              if (error != null) {
                result.completeExceptionally(Failures.unwrap(error));
              } else {
                result.complete(reply);
              }
            });
    return result;
  }

  static BridgeException timeout(Chain chain) {
    long millis = chain.call().policy().timeout().toMillis();
    return new BridgeException(
        ErrorCode.TIMEOUT,
        "The service did not reply within " + millis + " ms.",
        Map.of(),
        "no reply on " + chain.request().subject() + " within " + millis + " ms",
        null);
  }

  @Override
  public String toString() {
    return "deadline";
  }
}
