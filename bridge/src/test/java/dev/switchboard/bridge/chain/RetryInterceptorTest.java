package dev.switchboard.bridge.chain;

import static dev.switchboard.bridge.chain.Calls.REQUEST;
import static dev.switchboard.bridge.chain.Calls.call;
import static dev.switchboard.bridge.chain.Calls.failsWith;
import static dev.switchboard.bridge.chain.Calls.failsWithCode;
import static dev.switchboard.bridge.chain.Calls.query;
import static dev.switchboard.bridge.chain.Calls.succeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RetryInterceptorTest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Duration BACKOFF_LIMIT = Duration.ofSeconds(5);
  private final FakeScheduler scheduler = new FakeScheduler();
  private final FakeTransport transport = new FakeTransport();

  /** Backoff 10 ms doubling to 1 s; a budget that never runs out. */
  private CallPipeline pipeline() {
    return pipeline(1.0, 1000);
  }

  private CallPipeline pipeline(double budgetRatio, int minPerSecond) {
    return CallPipeline.builder(transport, scheduler)
        .retry(Duration.ofMillis(10), Duration.ofSeconds(1), budgetRatio, minPerSecond)
        .build();
  }

  /** Runs a call, firing the backoff timers (never the deadline) as they come. */
  private CompletionStage<NatsReply> run(CallPipeline pipeline, CallContext call) {
    CompletionStage<NatsReply> result = pipeline.execute(call, REQUEST);
    scheduler.fireShorterThan(BACKOFF_LIMIT);
    return result;
  }

  @Test
  void execute_serviceUnavailableThenReply_retriesAndSucceeds() {
    transport
        .thenFail(FakeTransport.unavailable())
        .thenFail(FakeTransport.unavailable())
        .thenReply("{}");

    succeeds(run(pipeline(), query(LONG, 2)));

    assertEquals(List.of(1, 2, 3), transport.attempts);
  }

  @Test
  void execute_alwaysUnavailable_makesAtMostRetriesExtraAttempts() {
    for (int i = 0; i < 10; i++) {
      transport.thenFail(FakeTransport.unavailable());
    }

    assertEquals(ErrorCode.SERVICE_UNAVAILABLE, failsWithCode(run(pipeline(), query(LONG, 3))));

    assertEquals(4, transport.requests.size(), "one attempt plus three retries");
    assertEquals(
        List.of(),
        scheduler.pending().stream().filter(t -> t.delay.compareTo(BACKOFF_LIMIT) < 0).toList());
  }

  @Test
  void execute_notRetryable_triesOnce() {
    transport.thenFail(FakeTransport.unavailable());

    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE, failsWithCode(run(pipeline(), call(false, LONG, 3))));

    assertEquals(1, transport.requests.size());
  }

  @Test
  void execute_zeroRetries_triesOnce() {
    transport.thenFail(FakeTransport.unavailable());

    failsWithCode(run(pipeline(), query(LONG, 0)));

    assertEquals(1, transport.requests.size());
  }

  @Test
  void execute_serviceError503_isRetried() {
    transport.thenFail(FakeTransport.serviceError(503)).thenReply("{}");

    succeeds(run(pipeline(), query(LONG, 2)));

    assertEquals(2, transport.requests.size());
  }

  @Test
  void execute_otherServiceError_isNotRetried() {
    BridgeException serviceError = FakeTransport.serviceError(500);
    transport.thenFail(serviceError);

    assertSame(
        serviceError,
        failsWith(run(pipeline(), query(LONG, 2)), BridgeException.class),
        "the service's own failure reaches the caller unchanged");
    assertEquals(1, transport.requests.size());
  }

  @Test
  void execute_serviceErrorWithTextCode503_isNotRetried() {
    transport.thenFail(FakeTransport.serviceError("E503"));

    failsWithCode(run(pipeline(), query(LONG, 2)));

    assertEquals(1, transport.requests.size());
  }

  @Test
  void execute_attemptTimeoutWhileTheCallHasTimeLeft_isRetried() {
    // A transport that gives an attempt only a share of the deadline (stream publishes) reports
    // TIMEOUT early; the call may still try again.
    transport.thenFail(new BridgeException(ErrorCode.TIMEOUT, "attempt late")).thenReply("{}");

    succeeds(run(pipeline(), query(LONG, 2)));

    assertEquals(2, transport.requests.size());
  }

  @Test
  void execute_unexpectedFailure_isNotRetried() {
    transport.thenFail(new IllegalStateException("bug"));

    failsWith(run(pipeline(), query(LONG, 2)), IllegalStateException.class);
    assertEquals(1, transport.requests.size());
  }

  @Test
  void isRetryable_onlyNobodyCouldAnswer() {
    Interceptor.Chain chain = chainWithTimeLeft();
    assertTrue(RetryInterceptor.isRetryable(FakeTransport.unavailable(), chain));
    assertTrue(RetryInterceptor.isRetryable(FakeTransport.serviceError(503), chain));
    assertFalse(RetryInterceptor.isRetryable(FakeTransport.serviceError(500), chain));
    assertFalse(
        RetryInterceptor.isRetryable(
            new BridgeException(ErrorCode.SERVICE_ERROR, "no code"), chain));
    assertFalse(
        RetryInterceptor.isRetryable(new BridgeException(ErrorCode.BAD_REPLY, "bad"), chain));
    assertFalse(RetryInterceptor.isRetryable(new RuntimeException("bug"), chain));
  }

  /** A chain position with plenty of time left, as the retry interceptor sees it. */
  private Interceptor.Chain chainWithTimeLeft() {
    java.util.concurrent.atomic.AtomicReference<Interceptor.Chain> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    CallPipeline probe =
        CallPipeline.builder(
                chain -> {
                  seen.set(chain);
                  return java.util.concurrent.CompletableFuture.completedFuture(
                      FakeTransport.reply("{}"));
                },
                scheduler)
            .build();
    succeeds(run(probe, query(LONG, 0)));
    return seen.get();
  }

  @Test
  void execute_retries_waitWithGrowingBackoff() {
    for (int i = 0; i < 3; i++) {
      transport.thenFail(FakeTransport.unavailable());
    }

    succeeds(run(pipeline(), query(LONG, 3)));

    List<Duration> delays = scheduler.tasks.stream().skip(1).map(t -> t.delay).toList();
    assertEquals(3, delays.size(), "one backoff timer per retry");
    assertBetween(Duration.ofMillis(5), Duration.ofMillis(10), delays.get(0));
    assertBetween(Duration.ofMillis(10), Duration.ofMillis(20), delays.get(1));
    assertBetween(Duration.ofMillis(20), Duration.ofMillis(40), delays.get(2));
  }

  @Test
  void execute_backoffWouldPassTheDeadline_stopsRetrying() {
    transport.thenFail(FakeTransport.unavailable());
    CallPipeline slowBackoff =
        CallPipeline.builder(transport, scheduler)
            .retry(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, 1000)
            .build();

    CompletionStage<NatsReply> result =
        slowBackoff.execute(query(Duration.ofMillis(300), 5), REQUEST);

    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE,
        failsWithCode(result),
        "fails at once rather than wait in vain");
    assertEquals(1, transport.requests.size());
    assertEquals(1, scheduler.tasks.size(), "only the deadline timer, no backoff timer");
  }

  @Test
  void execute_deadlinePassesDuringBackoff_failsWithTimeoutAndSendsNoMore() {
    transport.thenFail(FakeTransport.unavailable());
    CompletionStage<NatsReply> result = pipeline().execute(query(LONG, 3), REQUEST);
    FakeScheduler.Task deadline = scheduler.tasks.get(0);
    FakeScheduler.Task backoff = scheduler.tasks.get(1);

    deadline.fire();
    backoff.fire();

    assertEquals(ErrorCode.TIMEOUT, failsWithCode(result));
    assertEquals(1, transport.requests.size(), "no retry after the call was abandoned");
  }

  @Test
  void execute_budgetWithoutRetries_stopsRetrying() {
    transport.thenFail(FakeTransport.unavailable());

    assertEquals(ErrorCode.SERVICE_UNAVAILABLE, failsWithCode(run(pipeline(0, 0), query(LONG, 3))));

    assertEquals(1, transport.requests.size());
  }

  @Test
  void execute_budgetFilledByCalls_allowsRetriesInProportion() {
    CallPipeline pipeline = pipeline(0.5, 0);

    transport.thenFail(FakeTransport.unavailable()).thenFail(FakeTransport.unavailable());
    failsWithCode(run(pipeline, query(LONG, 3)));
    assertEquals(1, transport.requests.size(), "half a retry saved after one call: none to spend");

    transport.thenFail(FakeTransport.unavailable()).thenFail(FakeTransport.unavailable());
    failsWithCode(run(pipeline, query(LONG, 3)));
    assertEquals(3, transport.requests.size(), "a whole retry saved after two calls: one spent");
  }

  private static void assertBetween(Duration low, Duration high, Duration actual) {
    assertTrue(
        actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0,
        () -> actual + " should be between " + low + " and " + high);
  }

  @Test
  void execute_connectionLost_retriesWhenTheConnectionIsBack_notAfterABackoff() {
    CompletableFuture<Void> back = new CompletableFuture<>();
    transport.thenFail(new ConnectionLost("dropped", back)).thenReply("{}");

    CompletionStage<NatsReply> result = run(pipeline(), query(LONG, 2));

    assertFalse(result.toCompletableFuture().isDone(), "waits for the connection");
    assertEquals(1, transport.requests.size());
    back.complete(null);
    succeeds(result);
    assertEquals(List.of(1, 2), transport.attempts);
  }

  @Test
  void execute_connectionLost_notRetryable_failsAtOnce() {
    transport.thenFail(new ConnectionLost("dropped", new CompletableFuture<>()));

    assertEquals(
        ErrorCode.SERVICE_UNAVAILABLE, failsWithCode(run(pipeline(), call(false, LONG, 3))));
    assertEquals(1, transport.requests.size());
  }
}
