package dev.switchboard.bridge.chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs NATS calls through the interceptor chain. The whole chain is assembled here, in one visible
 * order:
 *
 * <pre>
 * per call:    [extra call interceptors, e.g. authorization] -> deadline -> retry
 * per attempt: contract headers -> [extra attempt interceptors, e.g. identity] -> transport
 * </pre>
 */
public final class CallPipeline {
  private final List<Interceptor> interceptors;
  private final int firstAttemptScoped;
  private final CallListener listener;

  private CallPipeline(
      List<Interceptor> interceptors, int firstAttemptScoped, CallListener listener) {
    this.interceptors = List.copyOf(interceptors);
    this.firstAttemptScoped = firstAttemptScoped;
    this.listener = listener;
  }

  public static Builder builder(Interceptor transport, Scheduler scheduler) {
    return new Builder(transport, scheduler);
  }

  /** Starts a call; the stage completes with the reply or a failure carrying its code. */
  public CompletionStage<NatsReply> execute(CallContext call, NatsRequest request) {
    long start = System.nanoTime();
    CallState state = new CallState(call, start, listener);
    listener.callStart(call, request);
    CompletionStage<NatsReply> result =
        new RealChain(interceptors, firstAttemptScoped, 0, state, request, 0).proceed(request);
    return result.whenComplete(
        (reply, error) ->
            listener.callEnd(
                call,
                request,
                Failures.codeOf(error),
                state.attempts(),
                System.nanoTime() - start));
  }

  /** Collects the pieces; {@link #build()} puts them in the fixed order above. */
  public static final class Builder {
    private final Interceptor transport;
    private final Scheduler scheduler;
    private final List<Interceptor> callScoped = new ArrayList<>();
    private final List<Interceptor> attemptScoped = new ArrayList<>();
    private final List<CallListener> listeners = new ArrayList<>();
    private Backoff backoff = new Backoff(Duration.ofMillis(25), Duration.ofSeconds(1));
    private RetryBudget budget = new RetryBudget(0.2, 10);

    private Builder(Interceptor transport, Scheduler scheduler) {
      this.transport = transport;
      this.scheduler = scheduler;
    }

    /**
     * Adds an interceptor that runs once per call, before the deadline and retry interceptors. The
     * call's deadline is already running (it counts from {@link CallPipeline#execute}), so such an
     * interceptor should answer at once, e.g. an authorization check.
     */
    public Builder addCallInterceptor(Interceptor interceptor) {
      callScoped.add(interceptor);
      return this;
    }

    /** Adds an interceptor that runs on every attempt, just before the transport. */
    public Builder addAttemptInterceptor(Interceptor interceptor) {
      attemptScoped.add(interceptor);
      return this;
    }

    /** Adds a listener; listeners are told in the order they were added. */
    public Builder addListener(CallListener listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * @param base delay before the first retry (doubles each time, with jitter)
     * @param max longest delay
     * @param budgetRatio retries allowed per call across the bridge, e.g. 0.2
     * @param minPerSecond retries always allowed per second
     */
    public Builder retry(Duration base, Duration max, double budgetRatio, int minPerSecond) {
      this.backoff = new Backoff(base, max);
      this.budget = new RetryBudget(budgetRatio, minPerSecond);
      return this;
    }

    public CallPipeline build() {
      List<Interceptor> all = new ArrayList<>(callScoped);
      all.add(new DeadlineInterceptor(scheduler));
      all.add(new RetryInterceptor(scheduler, backoff, budget));
      int firstAttemptScoped = all.size();
      all.add(new ContractHeadersInterceptor());
      all.addAll(attemptScoped);
      all.add(transport);
      return new CallPipeline(all, firstAttemptScoped, CallListeners.of(listeners));
    }
  }
}
