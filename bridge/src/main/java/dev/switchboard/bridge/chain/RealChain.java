package dev.switchboard.bridge.chain;

import dev.switchboard.subjects.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An immutable cursor over the interceptors of one call. {@code proceed} hands on to a copy at
 * {@code index + 1}; crossing from the call-scoped into the attempt-scoped interceptors starts an
 * attempt, which is where attempt events are fired.
 */
final class RealChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final int firstAttemptScoped;
  private final int index;
  private final CallState state;
  private final NatsRequest request;
  private final int attempt;
  private boolean proceeded;

  RealChain(
      List<Interceptor> interceptors,
      int firstAttemptScoped,
      int index,
      CallState state,
      NatsRequest request,
      int attempt) {
    this.interceptors = interceptors;
    this.firstAttemptScoped = firstAttemptScoped;
    this.index = index;
    this.state = state;
    this.request = request;
    this.attempt = attempt;
  }

  @Override
  public CompletionStage<NatsReply> proceed(NatsRequest next) {
    if (index >= interceptors.size()) {
      throw new IllegalStateException("the last interceptor must answer, not proceed");
    }
    if (proceeded && index > firstAttemptScoped) {
      throw new IllegalStateException(
          "attempt-scoped interceptor "
              + interceptors.get(index - 1)
              + " called proceed more than once");
    }
    proceeded = true;
    if (index == firstAttemptScoped) {
      return runAttempt(next);
    }
    return invoke(next, attempt);
  }

  private CompletionStage<NatsReply> runAttempt(NatsRequest next) {
    int number = state.nextAttempt();
    long start = System.nanoTime();
    state.listener.attemptStart(state.call, next, number);
    // An attempt abandoned at the deadline ends as a TIMEOUT, whatever the transport makes of it.
    return invoke(next, number)
        .whenComplete(
            (reply, error) ->
                state.listener.attemptEnd(
                    state.call,
                    next,
                    number,
                    error != null && state.isCancelled()
                        ? ErrorCode.TIMEOUT
                        : Failures.codeOf(error),
                    System.nanoTime() - start));
  }

  private CompletionStage<NatsReply> invoke(NatsRequest next, int attemptNumber) {
    Interceptor interceptor = interceptors.get(index);
    // only a call that may become a dead letter needs what was last sent
    if (index == interceptors.size() - 1
        && state.call.onFailure() == CallContext.OnFailure.DEAD_LETTER) {
      state.sent(next, attemptNumber);
    }
    RealChain following =
        new RealChain(interceptors, firstAttemptScoped, index + 1, state, next, attemptNumber);
    CompletionStage<NatsReply> stage;
    try {
      stage = interceptor.intercept(following);
    } catch (RuntimeException thrown) {
      return Failures.failed(thrown);
    }
    if (stage == null) {
      return Failures.failed(
          new IllegalStateException("interceptor " + interceptor + " returned null"));
    }
    return stage;
  }

  @Override
  public NatsRequest request() {
    return request;
  }

  @Override
  public Duration remaining() {
    return Duration.ofNanos(state.deadlineNanos - System.nanoTime());
  }

  @Override
  public CallContext call() {
    return state.call;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public void onCancel(Runnable action) {
    state.onCancel(action);
  }

  @Override
  public boolean isCancelled() {
    return state.isCancelled();
  }

  @Override
  public void cancel() {
    state.cancel();
  }

  @Override
  public Optional<Interceptor.Sent> lastSent() {
    return state.lastSent();
  }
}
