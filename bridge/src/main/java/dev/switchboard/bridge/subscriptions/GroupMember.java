package dev.switchboard.bridge.subscriptions;

import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * One client of a {@link Group}. graphql-java sees it as the subscription's event publisher, but it
 * never emits an event there (that would run the client's own execution): the group's encoded
 * results wait in a bounded buffer and go straight to the client's {@link EncodedSink} while its
 * connection can take them. A client that stops reading fills its buffer and is closed as a slow
 * consumer, as an ungrouped one is; the group goes on without it. Completion and errors still reach
 * graphql-java's subscriber, so the transport ends the subscription as usual.
 */
final class GroupMember implements Publisher<Object> {
  private final SubscriptionSession session;
  private final EncodedSink sink;
  private final Group group;
  private final EventBuffer<String> buffer;
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean counted = new AtomicBoolean();
  private volatile boolean done;
  private Subscriber<? super Object> subscriber;

  GroupMember(SubscriptionSession session, EncodedSink sink, Group group) {
    this.session = session;
    this.sink = sink;
    this.group = group;
    this.buffer = new EventBuffer<>(session.bufferSize());
  }

  Group group() {
    return group;
  }

  /** The group's execution is live: this member counts as an active subscription. */
  void started() {
    if (!done && counted.compareAndSet(false, true)) {
      session.metrics().started();
      if (done && counted.compareAndSet(true, false)) {
        session.metrics().ended();
      }
    }
  }

  /** A result of the group (any thread): buffered or, with the buffer full, overflow. */
  void offer(String payload) {
    switch (buffer.offer(payload)) {
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
            newSubscriber.onSubscribe(new Refused());
            newSubscriber.onError(new IllegalStateException("a group member has one subscriber"));
            return;
          }
          subscriber = newSubscriber;
          subscriber.onSubscribe(new Flow());
          if (!session.delivery().open()) {
            end(); // the client went away while the group was starting: nobody will cancel
          }
          if (done) {
            subscriber.onComplete();
          } else {
            drain();
          }
        });
  }

  private void drain() {
    drainScheduled.set(false);
    while (!done && subscriber != null) {
      if (!session.delivery().open()) {
        end(); // gone: its transport cancels too, this just lets go of the group sooner
        return;
      }
      if (!session.delivery().writable()) {
        session.delivery().whenWritable(this::scheduleDrain);
        return;
      }
      String payload = buffer.poll();
      if (payload == null) {
        return;
      }
      session.metrics().delivered();
      sink.next(payload);
    }
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      session.execute(this::drain);
    }
  }

  private void overflow() {
    close(1008, "slow consumer: more than " + session.bufferSize() + " events were waiting");
    session.metrics().slowConsumer();
  }

  /** Closes this member's connection (on its loop) and completes the subscription. */
  void close(int code, String reason) {
    session.execute(
        () -> {
          if (done) {
            return;
          }
          end();
          session.delivery().close(code, reason);
          if (subscriber != null) {
            subscriber.onComplete();
          }
        });
  }

  void complete() {
    session.execute(
        () -> {
          if (done) {
            return;
          }
          end();
          if (subscriber != null) {
            subscriber.onComplete();
          }
        });
  }

  void fail(Throwable failure) {
    session.execute(
        () -> {
          if (done) {
            return;
          }
          end();
          if (subscriber != null) {
            subscriber.onError(failure);
          }
        });
  }

  /** Releases everything once: the buffer, the place in the group, the connection's slot. */
  void end() {
    if (done) {
      return;
    }
    done = true;
    buffer.close();
    group.leave(this);
    session.release();
    if (counted.compareAndSet(true, false)) {
      session.metrics().ended();
    }
  }

  /** A refused second subscriber's handle: it must not touch the first one's flow. */
  private static final class Refused implements Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }

  /** Demand is not used: results bypass graphql-java. Cancelling leaves the group. */
  private final class Flow implements Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {
      session.execute(GroupMember.this::end);
    }
  }
}
