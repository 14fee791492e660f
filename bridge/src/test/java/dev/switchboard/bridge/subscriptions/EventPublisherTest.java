package dev.switchboard.bridge.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.schema.EventFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The publisher between NATS threads and one graphql-java subscriber, on a real event loop. Events
 * are offered from the test thread as NATS would; {@link #settle()} waits until every task queued
 * on the event loop so far has run (the loop runs them in order), so "nothing arrived" is a fact,
 * not a timing guess.
 */
class EventPublisherTest {
  private static final int BIG = 100;

  private Vertx vertx;
  private Context context;
  private SimpleMeterRegistry registry;
  private SubscriptionMetrics metrics;
  private final FakeDelivery delivery = new FakeDelivery();
  private final FakeSource source = new FakeSource();
  private SubscriptionSession session;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    registry = new SimpleMeterRegistry();
    metrics = new SubscriptionMetrics(registry);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * A publisher as Subscriptions.open makes one: slot taken, source attached, counted as started.
   */
  private EventPublisher open(
      int bufferSize, List<EventFilter> filters, Map<String, Object> arguments) {
    session =
        new SubscriptionSession(
            context, Caller.anonymous("anonymous"), delivery, 1, bufferSize, metrics);
    assertTrue(session.tryAcquire());
    EventPublisher publisher = new EventPublisher(session, filters, arguments);
    publisher.attach(source);
    metrics.started();
    return publisher;
  }

  private EventPublisher open(int bufferSize) {
    return open(bufferSize, List.of(), Map.of());
  }

  private Recorder subscribe(EventPublisher publisher, boolean requestOnEachEvent)
      throws Exception {
    Recorder recorder = new Recorder(requestOnEachEvent);
    publisher.subscribe(recorder);
    settle();
    return recorder;
  }

  private void onContext(Runnable task) throws Exception {
    CompletableFuture<Void> ran = new CompletableFuture<>();
    context.runOnContext(
        ignored -> {
          try {
            task.run();
            ran.complete(null);
          } catch (Throwable failed) {
            ran.completeExceptionally(failed);
          }
        });
    ran.get(10, TimeUnit.SECONDS);
  }

  /** Returns once every task queued on the event loop before this call has run. */
  private void settle() throws Exception {
    onContext(() -> {});
  }

  private double counted(String meter) {
    // a Counter or a FunctionCounter: either way the value /metrics shows
    return registry.get(meter).meter().measure().iterator().next().getValue();
  }

  /** The slot was given back exactly once: one new subscription fits (max 1), a second does not. */
  private void assertSlotReleasedOnce() {
    assertTrue(session.tryAcquire(), "the slot was not released");
    assertFalse(session.tryAcquire(), "the slot was released more than once");
  }

  // --- demand and order ------------------------------------------------------------------------

  @Test
  void offer_withoutDemand_waitsAndIsDeliveredInOrderAsRequested() throws Exception {
    EventPublisher publisher = open(BIG);
    Recorder recorder = subscribe(publisher, false);

    List.of("e1", "e2", "e3").forEach(publisher::offer);
    settle();
    assertEquals(List.of(), recorder.events, "no demand, no event");

    recorder.request(2);
    assertEquals(List.of("e1", "e2"), recorder.events);

    recorder.request(5);
    publisher.offer("e4");
    settle();
    assertEquals(
        List.of("e1", "e2", "e3", "e4"),
        recorder.events,
        "left-over demand takes new events at once");
    assertEquals(0, recorder.offLoop.get(), "every signal on the session's event loop");
    assertEquals(4.0, counted("switchboard.subscriptions.events.delivered"));
  }

  @Test
  void request_insideOnNext_deliversALargeBacklogInOrderWithoutRecursion() throws Exception {
    // Regression: a request from onNext re-entered the drain loop, nesting one delivery per event.
    int backlog = 10_000;
    EventPublisher publisher = open(backlog);
    IntStream.range(0, backlog).forEach(publisher::offer);

    Recorder recorder = subscribe(publisher, true);

    assertEquals(IntStream.range(0, backlog).boxed().toList(), recorder.events);
    assertEquals(1, recorder.deepest.get(), "each onNext returned before the next began");
    assertEquals(List.of(), recorder.errors);
  }

  // --- filters ---------------------------------------------------------------------------------

  @Test
  void offer_failingAFilter_isDroppedAndTakesNoBufferSpace() throws Exception {
    EventPublisher publisher =
        open(2, List.of(new EventFilter(List.of("status"), "status")), Map.of("status", "SHIPPED"));
    Recorder recorder = subscribe(publisher, false);

    for (int i = 0; i < 5; i++) {
      publisher.offer(Map.of("status", "DELIVERED", "n", i));
    }
    publisher.offer(Map.of("status", "SHIPPED", "n", 5));
    settle();
    assertEquals(List.of(), delivery.closes, "dropped events never fill the buffer");

    recorder.request(BIG);
    assertEquals(List.of(Map.of("status", "SHIPPED", "n", 5)), recorder.events);
  }

  // --- a connection that cannot take more ------------------------------------------------------

  @Test
  void offer_whileNotWritable_waitsUntilTheConnectionDrains() throws Exception {
    EventPublisher publisher = open(BIG);
    Recorder recorder = subscribe(publisher, false);
    recorder.request(BIG);
    delivery.writable = false;

    publisher.offer("a");
    publisher.offer("b");
    settle();
    assertEquals(List.of(), recorder.events);
    assertFalse(
        delivery.waiting.isEmpty(), "the publisher asked to hear when the connection drains");

    onContext(delivery::drained);
    assertEquals(List.of("a", "b"), recorder.events);
  }

  @Test
  void offer_connectionFillsMidBacklog_restWaitsForTheDrain() throws Exception {
    EventPublisher publisher = open(BIG);
    List.of("a", "b", "c").forEach(publisher::offer);
    Recorder recorder = subscribe(publisher, false);
    recorder.onEachEvent =
        () -> delivery.writable = false; // writing one event fills the write queue

    recorder.request(BIG);
    assertEquals(List.of("a"), recorder.events);

    recorder.onEachEvent = () -> {};
    onContext(delivery::drained);
    assertEquals(List.of("a", "b", "c"), recorder.events);
  }

  @Test
  void offer_bufferFull_closesTheSlowConsumerAndReleasesEverything() throws Exception {
    EventPublisher publisher = open(3);
    Recorder recorder = subscribe(publisher, false);
    recorder.request(BIG);
    delivery.writable = false;

    for (int i = 0; i < 4; i++) {
      publisher.offer(i);
    }
    settle();

    assertEquals(List.of("1008 slow consumer: more than 3 events were waiting"), delivery.closes);
    assertEquals(1.0, counted("switchboard.subscriptions.slow.consumers"));
    assertEquals(1, recorder.completions.get());
    assertEquals(List.of(), recorder.errors);
    assertEquals(1, source.closes.get());
    assertEquals(0, metrics.active());
    assertSlotReleasedOnce();

    publisher.offer(4);
    onContext(delivery::drained);
    assertEquals(List.of(), recorder.events, "nothing is delivered after the close");
    assertEquals(1, delivery.closes.size(), "closed once");
    assertEquals(0, recorder.offLoop.get());
  }

  // --- cancel and bad requests -----------------------------------------------------------------

  @Test
  void cancel_closesTheSourceAndReleasesTheSlotOnce() throws Exception {
    EventPublisher publisher = open(BIG);
    Recorder recorder = subscribe(publisher, false);

    recorder.subscription.cancel();
    recorder.subscription.cancel();
    settle();

    assertEquals(1, source.closes.get());
    assertEquals(0, metrics.active(), "ended once: the gauge does not go below zero");
    assertSlotReleasedOnce();
    assertEquals(
        List.of(), delivery.closes, "cancelling one subscription leaves the connection open");
    assertEquals(0, recorder.completions.get());
  }

  @Test
  void offer_afterCancel_isIgnoredEvenBeyondTheBuffer() throws Exception {
    EventPublisher publisher = open(2);
    Recorder recorder = subscribe(publisher, false);
    recorder.request(BIG);
    recorder.subscription.cancel();
    settle();

    for (int i = 0; i < 5; i++) {
      publisher.offer(i);
    }
    settle();

    assertEquals(List.of(), recorder.events);
    assertEquals(List.of(), delivery.closes, "no slow-consumer close for a finished subscription");
    assertEquals(0.0, counted("switchboard.subscriptions.slow.consumers"));
  }

  @Test
  void request_zero_signalsAnErrorAndEndsTheSubscription() throws Exception {
    EventPublisher publisher = open(BIG);
    Recorder recorder = subscribe(publisher, false);
    publisher.offer("pending");

    recorder.request(0);

    assertEquals(1, recorder.errors.size());
    IllegalArgumentException error =
        assertInstanceOf(IllegalArgumentException.class, recorder.errors.get(0));
    assertTrue(error.getMessage().contains("3.9"), error.getMessage());
    assertEquals(List.of(), recorder.events);
    assertEquals(1, source.closes.get());
    assertSlotReleasedOnce();
  }

  @Test
  void request_zeroAfterCancel_isANoOp() throws Exception {
    EventPublisher publisher = open(BIG);
    Recorder recorder = subscribe(publisher, false);
    recorder.subscription.cancel();

    recorder.request(0);

    assertEquals(List.of(), recorder.errors, "rule 3.6: requests after cancel are no-ops");
  }

  @Test
  void request_zeroAfterSlowConsumerComplete_signalsNothingMore() throws Exception {
    EventPublisher publisher = open(1);
    Recorder recorder = subscribe(publisher, false);
    publisher.offer(1);
    publisher.offer(2);
    settle();
    assertEquals(1, recorder.completions.get());

    recorder.request(0);

    assertEquals(List.of(), recorder.errors, "rule 1.7: no signal after onComplete");
  }

  @Test
  void attach_afterCancel_closesTheSourceAtOnce() throws Exception {
    // A stream consumer is created on a worker thread; the client may have gone by the time it
    // exists.
    session =
        new SubscriptionSession(context, Caller.anonymous("anonymous"), delivery, 1, BIG, metrics);
    assertTrue(session.tryAcquire());
    EventPublisher publisher = new EventPublisher(session, List.of(), Map.of());
    Recorder recorder = subscribe(publisher, false);
    recorder.subscription.cancel();
    settle();

    publisher.attach(source);

    assertEquals(1, source.closes.get());
  }

  @Test
  void subscribe_secondSubscriber_isRefused() throws Exception {
    EventPublisher publisher = open(BIG);
    subscribe(publisher, false);

    Recorder second = subscribe(publisher, false);

    assertEquals(1, second.errors.size());
    assertInstanceOf(IllegalStateException.class, second.errors.get(0));
  }

  // --- fakes -----------------------------------------------------------------------------------

  /** A connection whose write queue the test fills and drains. */
  private static final class FakeDelivery implements Delivery {
    volatile boolean writable = true;
    final List<Runnable> waiting = new CopyOnWriteArrayList<>();
    final List<String> closes = new CopyOnWriteArrayList<>();

    @Override
    public boolean writable() {
      return writable;
    }

    @Override
    public void whenWritable(Runnable action) {
      waiting.add(action);
    }

    @Override
    public void close(int code, String reason) {
      closes.add(code + " " + reason);
    }

    /** The write queue emptied: writable again, and every waiting action runs once. */
    void drained() {
      writable = true;
      List<Runnable> actions = new ArrayList<>(waiting);
      waiting.clear();
      actions.forEach(Runnable::run);
    }
  }

  private static final class FakeSource implements EventSource {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** Records every signal, how deeply onNext calls nest, and any signal off the event loop. */
  @Test
  void subscribe_refusedSecondSubscriber_cannotTouchTheFirstOnesFlow() throws Exception {
    EventPublisher publisher = open(BIG);
    Recorder first = subscribe(publisher, false);
    Recorder second = subscribe(publisher, false);

    second.request(1);
    publisher.offer("x");
    second.subscription.cancel();
    settle();

    assertEquals(List.of(), first.events, "the refused subscriber's demand is not the first one's");
    assertEquals(0, source.closes.get(), "the refused subscriber cannot cancel the first one");
  }

  private final class Recorder implements Subscriber<Object> {
    final boolean requestOnEachEvent;
    final List<Object> events = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger completions = new AtomicInteger();
    final AtomicInteger offLoop = new AtomicInteger();
    final AtomicInteger depth = new AtomicInteger();
    final AtomicInteger deepest = new AtomicInteger();
    volatile Runnable onEachEvent = () -> {};
    volatile Subscription subscription;

    Recorder(boolean requestOnEachEvent) {
      this.requestOnEachEvent = requestOnEachEvent;
    }

    /**
     * Asks for more from the test thread (as graphql-java may, from any thread) and waits for the
     * effect.
     */
    void request(long n) throws Exception {
      subscription.request(n);
      settle();
    }

    private void checkThread() {
      if (Vertx.currentContext() != context) {
        offLoop.incrementAndGet();
      }
    }

    @Override
    public void onSubscribe(Subscription given) {
      checkThread();
      subscription = given;
      if (requestOnEachEvent) {
        given.request(1);
      }
    }

    @Override
    public void onNext(Object event) {
      checkThread();
      deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
      events.add(event);
      onEachEvent.run();
      if (requestOnEachEvent) {
        subscription.request(1);
      }
      depth.decrementAndGet();
    }

    @Override
    public void onError(Throwable failure) {
      checkThread();
      errors.add(failure);
    }

    @Override
    public void onComplete() {
      checkThread();
      completions.incrementAndGet();
    }
  }
}
