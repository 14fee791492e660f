package dev.switchboard.bridge.chain;

import static dev.switchboard.bridge.chain.Calls.REQUEST;
import static dev.switchboard.bridge.chain.Calls.failsWith;
import static dev.switchboard.bridge.chain.Calls.failsWithCode;
import static dev.switchboard.bridge.chain.Calls.query;
import static dev.switchboard.bridge.chain.Calls.succeeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.chain.CallContext.CallPolicy;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CallPipelineTest {
  private static final Duration LONG = Duration.ofSeconds(60);
  private final FakeScheduler scheduler = new FakeScheduler();
  private final List<String> log = new ArrayList<>();
  private final FakeTransport transport = new FakeTransport(log);

  /** Logs its name, the attempt it sees and whether the deadline timer was already scheduled. */
  private Interceptor recording(String name) {
    return new Interceptor() {
      @Override
      public CompletionStage<NatsReply> intercept(Chain chain) {
        log.add(name + "#" + chain.attempt());
        return chain.proceed(chain.request());
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private CallPipeline.Builder pipeline() {
    return CallPipeline.builder(transport, scheduler)
        .retry(Duration.ofMillis(1), Duration.ofMillis(1), 1, 100);
  }

  // --- order ----------------------------------------------------------------------------------

  @Test
  void execute_withOneRetry_runsCallScopedOnceAndAttemptScopedPerAttempt() {
    transport.thenFail(FakeTransport.unavailable()).thenReply("{\"ok\":true}");
    CallPipeline pipeline =
        pipeline()
            .addCallInterceptor(recording("auth"))
            .addCallInterceptor(recording("audit"))
            .addAttemptInterceptor(recording("identity"))
            .addAttemptInterceptor(recording("sign"))
            .build();

    CompletionStage<NatsReply> result = pipeline.execute(query(LONG, 2), REQUEST);
    scheduler.fireShorterThan(Duration.ofSeconds(1));

    succeeds(result);
    assertEquals(
        List.of(
            "auth#0",
            "audit#0",
            "identity#1",
            "sign#1",
            "transport#1",
            "identity#2",
            "sign#2",
            "transport#2"),
        log);
  }

  @Test
  void execute_callScopedInterceptor_runsBeforeTheDeadlineStarts() {
    List<Integer> timersSeen = new ArrayList<>();
    CallPipeline pipeline =
        pipeline()
            .addCallInterceptor(
                chain -> {
                  timersSeen.add(scheduler.tasks.size());
                  return chain.proceed(chain.request());
                })
            .addAttemptInterceptor(
                chain -> {
                  timersSeen.add(scheduler.tasks.size());
                  return chain.proceed(chain.request());
                })
            .build();

    succeeds(pipeline.execute(query(LONG, 0), REQUEST));

    assertEquals(
        List.of(0, 1), timersSeen, "no deadline timer before the call-scoped one, one after");
  }

  @Test
  void execute_attemptScopedInterceptor_seesContractHeadersAndItsChangesReachTheTransport() {
    List<Map<String, String>> seen = new ArrayList<>();
    CallPipeline pipeline =
        pipeline()
            .addAttemptInterceptor(
                chain -> {
                  seen.add(chain.request().headers());
                  return chain.proceed(
                      chain.request().withHeaders(Map.of("Switchboard-Identity", "token")));
                })
            .build();

    succeeds(pipeline.execute(query(LONG, 0), REQUEST));

    assertEquals("corr-1", seen.get(0).get(SwitchboardHeaders.CORRELATION_ID));
    assertEquals("token", transport.requests.get(0).headers().get(SwitchboardHeaders.IDENTITY));
    assertEquals(
        "corr-1", transport.requests.get(0).headers().get(SwitchboardHeaders.CORRELATION_ID));
  }

  @Test
  void execute_callScopedInterceptor_canShortCircuitWithoutSending() {
    NatsReply cached = FakeTransport.reply("{\"cached\":true}");
    CallPipeline pipeline =
        pipeline().addCallInterceptor(chain -> CompletableFuture.completedFuture(cached)).build();

    assertSame(cached, succeeds(pipeline.execute(query(LONG, 0), REQUEST)));
    assertEquals(List.of(), transport.requests);
    assertEquals(List.of(), scheduler.tasks);
  }

  @Test
  void execute_callScopedInterceptorProceedingTwice_startsASecondAttempt() {
    CallPipeline pipeline =
        pipeline()
            .addCallInterceptor(
                chain ->
                    chain
                        .proceed(chain.request())
                        .thenCompose(first -> chain.proceed(chain.request())))
            .build();

    succeeds(pipeline.execute(query(LONG, 0), REQUEST));

    assertEquals(List.of(1, 2), transport.attempts);
  }

  @Test
  void execute_requestBodyAndSubject_reachTheTransportUnchanged() {
    succeeds(pipeline().build().execute(query(LONG, 0), REQUEST));

    assertEquals("orders.get.1", transport.requests.get(0).subject());
    assertArrayEquals(REQUEST.body(), transport.requests.get(0).body());
  }

  @Test
  void execute_reply_isTheCallResult() {
    transport.thenReply("{\"id\":\"1\"}");

    NatsReply reply = succeeds(pipeline().build().execute(query(LONG, 0), REQUEST));

    assertEquals("{\"id\":\"1\"}", new String(reply.body(), StandardCharsets.UTF_8));
  }

  // --- contract headers ------------------------------------------------------------------------

  @Test
  void execute_firstAttempt_carriesTheHeaderContract() {
    CallContext call =
        new CallContext(
            "corr-7",
            "GetOrder",
            "order/customer",
            "Order.customer",
            TraceParent.newTrace(),
            "vendor=abc",
            Calls.ANONYMOUS,
            CallContext.Action.REQUEST,
            false,
            new CallPolicy(LONG, 0),
            true,
            "default",
            CallContext.OnFailure.REPORT);
    long before = System.currentTimeMillis();

    succeeds(pipeline().build().execute(call, REQUEST));

    long after = System.currentTimeMillis();
    Map<String, String> headers = transport.requests.get(0).headers();
    assertEquals("corr-7", headers.get(SwitchboardHeaders.CORRELATION_ID));
    assertEquals("GetOrder", headers.get(SwitchboardHeaders.OPERATION));
    assertEquals("order/customer", headers.get(SwitchboardHeaders.FIELD_PATH));
    assertEquals("vendor=abc", headers.get(SwitchboardHeaders.TRACESTATE));
    assertFalse(
        headers.containsKey(SwitchboardHeaders.ATTEMPT), "the first attempt has no attempt header");
    long deadline = Long.parseLong(headers.get(SwitchboardHeaders.DEADLINE));
    assertTrue(
        deadline >= before + LONG.toMillis() - 1000 && deadline <= after + LONG.toMillis(),
        "deadline " + deadline + " should be about now + 60 s");
    TraceParent sent = TraceParent.parse(headers.get(SwitchboardHeaders.TRACEPARENT));
    assertNotNull(sent, "a valid traceparent");
    assertEquals(call.trace().traceId(), sent.traceId(), "the same trace");
    assertNotEquals(call.trace().spanId(), sent.spanId(), "a new span for the NATS hop");
  }

  @Test
  void execute_noOperationNameOrTraceState_leavesThoseHeadersOut() {
    CallContext call =
        new CallContext(
            "corr-1",
            null,
            "a",
            "Query.a",
            TraceParent.newTrace(),
            null,
            Calls.ANONYMOUS,
            CallContext.Action.REQUEST,
            false,
            new CallPolicy(LONG, 0),
            true,
            "default",
            CallContext.OnFailure.REPORT);

    succeeds(pipeline().build().execute(call, REQUEST));

    Map<String, String> headers = transport.requests.get(0).headers();
    assertFalse(headers.containsKey(SwitchboardHeaders.OPERATION));
    assertFalse(headers.containsKey(SwitchboardHeaders.TRACESTATE));
  }

  @Test
  void execute_retry_numbersTheAttemptAndStartsANewSpanInTheSameTrace() {
    transport.thenFail(FakeTransport.unavailable()).thenFail(FakeTransport.unavailable());
    CallContext call = query(LONG, 2);

    CompletionStage<NatsReply> result = pipeline().build().execute(call, REQUEST);
    scheduler.fireShorterThan(Duration.ofSeconds(1));

    succeeds(result);
    List<Map<String, String>> sent = transport.requests.stream().map(NatsRequest::headers).toList();
    assertEquals(3, sent.size());
    assertNull(sent.get(0).get(SwitchboardHeaders.ATTEMPT));
    assertEquals("2", sent.get(1).get(SwitchboardHeaders.ATTEMPT));
    assertEquals("3", sent.get(2).get(SwitchboardHeaders.ATTEMPT));
    List<TraceParent> spans =
        sent.stream().map(h -> TraceParent.parse(h.get(SwitchboardHeaders.TRACEPARENT))).toList();
    assertTrue(spans.stream().allMatch(span -> span.traceId().equals(call.trace().traceId())));
    assertEquals(
        3, spans.stream().map(TraceParent::spanId).distinct().count(), "one span per attempt");
  }

  @Test
  void execute_hostileValues_areEncodedSoNoHeaderBreaks() {
    CallContext call =
        new CallContext(
            "id\r\nInjected: yes",
            "Bestellung-Ä\n",
            "órder/x\ry",
            "Query.order",
            TraceParent.newTrace(),
            "k=v\r\nEvil: 1",
            Calls.ANONYMOUS,
            CallContext.Action.REQUEST,
            false,
            new CallPolicy(LONG, 0),
            true,
            "default",
            CallContext.OnFailure.REPORT);

    succeeds(pipeline().build().execute(call, REQUEST));

    Map<String, String> headers = transport.requests.get(0).headers();
    headers.forEach(
        (name, value) -> {
          assertNotNull(value, name);
          assertTrue(
              value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E),
              () -> name + " should be printable ASCII but is " + value);
        });
    assertEquals(
        "id\r\nInjected: yes", HeaderValues.decode(headers.get(SwitchboardHeaders.CORRELATION_ID)));
    assertEquals("Bestellung-Ä\n", HeaderValues.decode(headers.get(SwitchboardHeaders.OPERATION)));
    assertEquals("órder/x\ry", HeaderValues.decode(headers.get(SwitchboardHeaders.FIELD_PATH)));
    assertEquals("k=v\r\nEvil: 1", HeaderValues.decode(headers.get(SwitchboardHeaders.TRACESTATE)));
  }

  // --- interceptors that break the rules -------------------------------------------------------

  @Test
  void execute_attemptScopedInterceptorProceedingTwice_failsLoudly() {
    CallPipeline pipeline =
        pipeline()
            .addAttemptInterceptor(
                new Interceptor() {
                  @Override
                  public CompletionStage<NatsReply> intercept(Chain chain) {
                    chain.proceed(chain.request());
                    return chain.proceed(chain.request());
                  }

                  @Override
                  public String toString() {
                    return "twice";
                  }
                })
            .build();

    IllegalStateException error =
        failsWith(pipeline.execute(query(LONG, 2), REQUEST), IllegalStateException.class);

    assertTrue(
        error.getMessage().contains("twice called proceed more than once"), error.getMessage());
    assertEquals(1, transport.requests.size(), "the second proceed sent nothing");
  }

  @Test
  void execute_interceptorReturningNull_failsTheCall() {
    CallPipeline pipeline =
        pipeline()
            .addAttemptInterceptor(
                new Interceptor() {
                  @Override
                  public CompletionStage<NatsReply> intercept(Chain chain) {
                    return null;
                  }

                  @Override
                  public String toString() {
                    return "broken";
                  }
                })
            .build();

    IllegalStateException error =
        failsWith(pipeline.execute(query(LONG, 0), REQUEST), IllegalStateException.class);

    assertEquals("interceptor broken returned null", error.getMessage());
    assertEquals(List.of(), transport.requests);
  }

  @Test
  void execute_callScopedInterceptorReturningNull_failsTheCall() {
    CallPipeline pipeline = pipeline().addCallInterceptor(chain -> null).build();

    failsWith(pipeline.execute(query(LONG, 0), REQUEST), IllegalStateException.class);
  }

  @Test
  void execute_interceptorThrowing_failsTheStageInsteadOfThrowing() {
    IllegalArgumentException thrown = new IllegalArgumentException("bug");
    CallPipeline pipeline =
        pipeline()
            .addAttemptInterceptor(
                chain -> {
                  throw thrown;
                })
            .build();

    assertSame(
        thrown,
        failsWith(pipeline.execute(query(LONG, 0), REQUEST), IllegalArgumentException.class));
  }

  @Test
  void execute_transportProceeding_failsLoudly() {
    CallPipeline pipeline =
        CallPipeline.builder(chain -> chain.proceed(chain.request()), scheduler).build();

    IllegalStateException error =
        failsWith(pipeline.execute(query(LONG, 0), REQUEST), IllegalStateException.class);

    assertEquals("the last interceptor must answer, not proceed", error.getMessage());
  }

  // --- listener ---------------------------------------------------------------------------------

  /** Records events as short strings. */
  private static final class RecordingListener implements CallListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void callStart(CallContext call, NatsRequest request) {
      events.add("callStart " + request.subject());
    }

    @Override
    public void callEnd(
        CallContext call, NatsRequest request, ErrorCode outcome, int attempts, long nanos) {
      assertTrue(nanos >= 0);
      events.add("callEnd " + outcome);
    }

    @Override
    public void attemptStart(CallContext call, NatsRequest request, int attempt) {
      events.add("attemptStart " + attempt);
    }

    @Override
    public void attemptEnd(
        CallContext call, NatsRequest request, int attempt, ErrorCode outcome, long nanos) {
      assertTrue(nanos >= 0);
      events.add("attemptEnd " + attempt + " " + outcome);
    }
  }

  @Test
  void execute_success_givesPairedEventsWithNullOutcome() {
    RecordingListener listener = new RecordingListener();

    succeeds(pipeline().addListener(listener).build().execute(query(LONG, 0), REQUEST));

    assertEquals(
        List.of("callStart orders.get.1", "attemptStart 1", "attemptEnd 1 null", "callEnd null"),
        listener.events);
  }

  @Test
  void execute_retryThenFailure_givesOnePairPerAttemptWithItsCode() {
    transport.thenFail(FakeTransport.unavailable()).thenFail(FakeTransport.serviceError(500));
    RecordingListener listener = new RecordingListener();

    CompletionStage<NatsReply> result =
        pipeline().addListener(listener).build().execute(query(LONG, 3), REQUEST);
    scheduler.fireShorterThan(Duration.ofSeconds(1));

    assertEquals(ErrorCode.SERVICE_ERROR, failsWithCode(result));
    assertEquals(
        List.of(
            "callStart orders.get.1",
            "attemptStart 1",
            "attemptEnd 1 SERVICE_UNAVAILABLE",
            "attemptStart 2",
            "attemptEnd 2 SERVICE_ERROR",
            "callEnd SERVICE_ERROR"),
        listener.events);
  }

  @Test
  void execute_unexpectedFailure_isReportedAsInternal() {
    transport.thenFail(new IllegalStateException("bug"));
    RecordingListener listener = new RecordingListener();

    failsWith(
        pipeline().addListener(listener).build().execute(query(LONG, 0), REQUEST),
        IllegalStateException.class);

    assertEquals(
        List.of(
            "callStart orders.get.1",
            "attemptStart 1",
            "attemptEnd 1 INTERNAL",
            "callEnd INTERNAL"),
        listener.events);
  }

  // --- deadline ---------------------------------------------------------------------------------

  @Test
  void execute_deadlineTimer_isScheduledForTheTimeoutAndCancelledByTheReply() {
    succeeds(pipeline().build().execute(query(Duration.ofSeconds(2), 0), REQUEST));

    assertEquals(1, scheduler.tasks.size());
    FakeScheduler.Task deadline = scheduler.tasks.get(0);
    assertTrue(
        deadline.delay.compareTo(Duration.ofSeconds(2)) <= 0
            && deadline.delay.compareTo(Duration.ofSeconds(1)) > 0,
        "delay " + deadline.delay);
    assertTrue(deadline.isCancelled(), "a reply cancels the deadline timer");
  }

  @Test
  void execute_deadlinePasses_failsWithTimeoutAndRunsCancelActions() {
    AtomicBoolean abandoned = new AtomicBoolean();
    RecordingListener listener = new RecordingListener();
    CallPipeline pipeline =
        pipeline()
            .addAttemptInterceptor(
                chain -> {
                  chain.onCancel(() -> abandoned.set(true));
                  return chain.proceed(chain.request());
                })
            .addListener(listener)
            .build();
    transport.thenHang();

    CompletionStage<NatsReply> result = pipeline.execute(query(Duration.ofMillis(200), 0), REQUEST);
    assertFalse(result.toCompletableFuture().isDone(), "no reply yet, deadline not passed");
    scheduler.pending().get(0).fire();

    BridgeException timeout = failsWith(result, BridgeException.class);
    assertEquals(ErrorCode.TIMEOUT, timeout.code());
    assertEquals("The service did not reply within 200 ms.", timeout.getMessage());
    assertTrue(
        timeout.internalDetail().contains("orders.get.1"),
        "the subject is only in the internal detail");
    assertTrue(abandoned.get(), "cancel actions run when the deadline passes");
    assertTrue(listener.events.contains("callEnd TIMEOUT"), listener.events.toString());
    assertEquals(
        1,
        listener.events.stream().filter(e -> e.startsWith("attemptEnd")).count(),
        "the abandoned attempt still ends: " + listener.events);
  }

  @Test
  void execute_deadlinePasses_abandonedAttemptEndsWithTimeout() {
    RecordingListener listener = new RecordingListener();
    CallPipeline pipeline = pipeline().addListener(listener).build();
    transport.thenHang();

    CompletionStage<NatsReply> result = pipeline.execute(query(Duration.ofMillis(200), 0), REQUEST);
    scheduler.pending().get(0).fire();

    assertEquals(ErrorCode.TIMEOUT, failsWithCode(result));
    assertTrue(listener.events.contains("attemptEnd 1 TIMEOUT"), listener.events.toString());
  }

  @Test
  void execute_cancelActionRegisteredAfterTheDeadline_runsAtOnce() {
    List<Interceptor.Chain> chains = new ArrayList<>();
    CallPipeline pipeline =
        pipeline()
            .addAttemptInterceptor(
                chain -> {
                  chains.add(chain);
                  return chain.proceed(chain.request());
                })
            .build();
    transport.thenHang();
    CompletionStage<NatsReply> result = pipeline.execute(query(Duration.ofMillis(200), 0), REQUEST);
    scheduler.pending().get(0).fire();
    AtomicBoolean ran = new AtomicBoolean();

    chains.get(0).onCancel(() -> ran.set(true));

    assertEquals(ErrorCode.TIMEOUT, failsWithCode(result));
    assertTrue(chains.get(0).isCancelled());
    assertTrue(ran.get());
  }

  @Test
  void execute_replyAfterTheDeadline_doesNotChangeTheOutcome() {
    CompletableFuture<NatsReply> late = new CompletableFuture<>();
    CallPipeline pipeline = CallPipeline.builder(chain -> late, scheduler).build();
    CompletionStage<NatsReply> result = pipeline.execute(query(Duration.ofMillis(200), 0), REQUEST);

    scheduler.pending().get(0).fire();
    late.complete(FakeTransport.reply("{}"));

    assertEquals(ErrorCode.TIMEOUT, failsWithCode(result));
  }

  @Test
  void execute_deadlineAlreadyPassedWhenTheDeadlineStarts_failsWithoutSending() {
    CallPipeline pipeline =
        pipeline()
            .addCallInterceptor(
                chain -> {
                  sleepPast(chain.remaining());
                  return chain.proceed(chain.request());
                })
            .build();

    assertEquals(
        ErrorCode.TIMEOUT,
        failsWithCode(pipeline.execute(query(Duration.ofMillis(5), 0), REQUEST)));
    assertEquals(List.of(), transport.requests);
  }

  private static void sleepPast(Duration remaining) {
    try {
      Thread.sleep(remaining.toMillis() + 5);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // --- open (subscriptions) ---------------------------------------------------------------------

  @Test
  void open_runsCallScopedInterceptorsThenTheOpener_withoutDeadlineRetryOrTransport() {
    List<String> ran = new ArrayList<>();
    RecordingListener listener = new RecordingListener();
    CallPipeline pipeline =
        pipeline()
            .addCallInterceptor(
                chain -> {
                  ran.add("authorize " + chain.request().subject());
                  return chain.proceed(chain.request());
                })
            .addListener(listener)
            .build();

    String opened =
        pipeline
            .open(
                query(LONG, 3),
                REQUEST,
                request -> CompletableFuture.completedFuture("opened " + request.subject()))
            .toCompletableFuture()
            .join();

    assertEquals("opened orders.get.1", opened);
    assertEquals(List.of("authorize orders.get.1"), ran);
    assertEquals(List.of(), transport.requests, "nothing went to the transport");
    assertEquals(List.of(), scheduler.tasks, "no deadline timer");
    assertEquals(List.of("callStart orders.get.1", "callEnd null"), listener.events);
  }

  @Test
  void open_refusedByACallScopedInterceptor_neverOpens_andTheListenersSeeTheCode() {
    RecordingListener listener = new RecordingListener();
    List<String> opened = new ArrayList<>();
    CallPipeline pipeline =
        pipeline()
            .addCallInterceptor(
                chain ->
                    CompletableFuture.failedFuture(
                        new BridgeException(ErrorCode.FORBIDDEN, "not yours")))
            .addListener(listener)
            .build();

    CompletableFuture<String> result =
        pipeline
            .open(
                query(LONG, 0),
                REQUEST,
                request -> {
                  opened.add(request.subject());
                  return CompletableFuture.completedFuture("opened");
                })
            .toCompletableFuture();

    assertTrue(result.isCompletedExceptionally());
    assertEquals(List.of(), opened);
    assertEquals(List.of("callStart orders.get.1", "callEnd FORBIDDEN"), listener.events);
  }
}
