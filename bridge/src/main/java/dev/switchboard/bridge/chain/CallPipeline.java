package dev.switchboard.bridge.chain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs NATS calls through the interceptor chain. The whole chain is assembled here, in one visible
 * order:
 *
 * <pre>
 * per call:    [extra call interceptors, e.g. authorization] -> deadline -> retry
 * per attempt: contract headers -> [extra attempt interceptors, e.g. identity] -> transport
 * </pre>
 *
 * <p>Subscriptions are opened through the per-call interceptors only ({@link #open}), so they are
 * authorized, audited, logged and counted in the same places as requests.
 */
public final class CallPipeline {
  private final List<Interceptor> interceptors;
  private final int firstAttemptScoped;
  private final int callScoped;
  private final CallListener listener;

  private CallPipeline(
      List<Interceptor> interceptors,
      int firstAttemptScoped,
      int callScoped,
      CallListener listener) {
    this.interceptors = List.copyOf(interceptors);
    this.firstAttemptScoped = firstAttemptScoped;
    this.callScoped = callScoped;
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

  /**
   * Opens something long-lived, a subscription, through the per-call interceptors (authorization)
   * with {@code opener} ending the chain instead of deadline, retry and transport; the listeners
   * see it as a call of one attempt.
   *
   * @return what the opener opened, or the failure of an interceptor or of the opener
   */
  public <T> CompletionStage<T> open(
      CallContext call, NatsRequest request, Function<NatsRequest, CompletionStage<T>> opener) {
    long start = System.nanoTime();
    CallState state = new CallState(call, start, listener);
    listener.callStart(call, request);
    AtomicReference<T> opened = new AtomicReference<>();
    List<Interceptor> chain = new ArrayList<>(interceptors.subList(0, callScoped));
    chain.add(
        last -> {
          state.nextAttempt();
          return opener
              .apply(last.request())
              .thenApply(
                  value -> {
                    opened.set(value);
                    return OPENED;
                  });
        });
    return new RealChain(chain, chain.size(), 0, state, request, 0)
        .proceed(request)
        .whenComplete(
            (reply, error) ->
                listener.callEnd(
                    call,
                    request,
                    Failures.codeOf(error),
                    state.attempts(),
                    System.nanoTime() - start))
        .thenApply(reply -> opened.get());
  }

  private static final NatsReply OPENED = new NatsReply(new byte[0], Map.of());

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
      return new CallPipeline(
          all, firstAttemptScoped, callScoped.size(), CallListeners.of(listeners));
    }
  }
}
