package dev.switchboard.bridge.subscriptions;

import dev.switchboard.bridge.schema.EventFilter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The events of one subscription as a reactive-streams publisher for graphql-java. Events wait in a
 * bounded buffer and are handed on only while the subscriber asks for them and the client's
 * connection can take them. A client that stops reading fills its buffer; then it is closed as a
 * slow consumer (counted), so it never grows memory or holds up other clients. Every signal to the
 * subscriber happens on the session's event loop.
 */
final class EventPublisher implements Publisher<Object> {
  private final SubscriptionSession session;
  private final List<EventFilter> filters;
  private final Map<String, Object> arguments;
  private final EventBuffer<Object> buffer;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile EventSource source;
  private volatile boolean done;
  private Subscriber<? super Object> subscriber;
  private long demand;
  private boolean draining;

  EventPublisher(
      SubscriptionSession session, List<EventFilter> filters, Map<String, Object> arguments) {
    this.session = session;
    this.filters = filters;
    this.arguments = arguments;
    this.buffer = new EventBuffer<>(session.bufferSize());
  }

  /** Wires the source whose events {@link #offer} receives; closed with this publisher. */
  void attach(EventSource attached) {
    this.source = attached;
    if (done) {
      attached.close();
    }
  }

  /**
   * An event from NATS (any thread): filtered, then buffered or, when the buffer is full, overflow.
   */
  void offer(Object event) {
    for (EventFilter filter : filters) {
      if (!filter.accepts(StreamEvent.payloadOf(event), arguments)) {
        return;
      }
    }
    switch (buffer.offer(event)) {
      case QUEUED -> scheduleDrain();
      case FULL -> session.execute(this::overflow);
      case CLOSED -> {}
    }
  }

  @Override
  public void subscribe(Subscriber<? super Object> newSubscriber) {
    session.execute(
        () -> {
          if (subscriber != null) {
            newSubscriber.onSubscribe(REFUSED);
            newSubscriber.onError(
                new IllegalStateException("an event publisher has one subscriber"));
            return;
          }
          subscriber = newSubscriber;
          subscriber.onSubscribe(new Flow());
          drain();
        });
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      session.execute(this::drain);
    }
  }

  /** Hands buffered events on while there is demand and the connection is writable. */
  private void drain() {
    drainScheduled.set(false);
    // The subscriber requests more from inside onNext (Vert.x does, synchronously); re-entering
    // this
    // loop would deliver the next event inside the previous one. graphql-java's subscription
    // mapping does not survive that nesting: with a backlog the stream stalled for good (or
    // reordered).
    // The running loop picks up the new demand instead (reactive streams rule 3.3: bounded
    // recursion).
    if (draining) {
      return;
    }
    draining = true;
    try {
      deliverWhileDemanded();
    } finally {
      draining = false;
    }
  }

  private void deliverWhileDemanded() {
    while (!done && subscriber != null && demand > 0) {
      if (!session.delivery().writable()) {
        session.delivery().whenWritable(this::scheduleDrain);
        return;
      }
      Object event = buffer.poll();
      if (event == null) {
        return;
      }
      demand--;
      session.metrics().delivered();
      session.metrics().executed();
      subscriber.onNext(event);
    }
  }

  private void overflow() {
    if (done) {
      return;
    }
    end();
    session.metrics().slowConsumer();
    session
        .delivery()
        .close(1008, "slow consumer: more than " + session.bufferSize() + " events were waiting");
    if (subscriber != null) {
      subscriber.onComplete();
    }
  }

  /** Releases everything once; the subscription counts as ended. */
  private void end() {
    if (done) {
      return;
    }
    done = true;
    buffer.close();
    EventSource attached = source;
    if (attached != null) {
      attached.close();
    }
    session.release();
    session.metrics().ended();
  }

  /** A refused second subscriber's handle: it must not touch the first one's flow. */
  private static final Subscription REFUSED =
      new Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      };

  /** The subscriber's handle: demand and cancellation, both applied on the event loop. */
  private final class Flow implements Subscription {
    @Override
    public void request(long n) {
      session.execute(
          () -> {
            if (done) {
              return; // rule 3.6: after cancel or the end, requests are no-ops
            }
            if (n <= 0) {
              end();
              subscriber.onError(
                  new IllegalArgumentException("request(" + n + ") violates reactive streams 3.9"));
              return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            drain();
          });
    }

    @Override
    public void cancel() {
      session.execute(EventPublisher.this::end);
    }
  }
}
