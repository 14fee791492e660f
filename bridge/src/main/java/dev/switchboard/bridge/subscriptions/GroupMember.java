package dev.switchboard.bridge.subscriptions;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.Queue;
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
 *
 * <p>Results arrive on the member's event loop ({@link GroupLoop}), and everything here but {@link
 * #started} and the group's end signals runs there: the buffer needs no lock. A result that finds
 * nothing waiting and room on the connection is written at once, without touching a buffer.
 */
final class GroupMember implements Publisher<Object> {
  private final SubscriptionSession session;
  private final EncodedSink sink;
  private final Group group;
  private final Delivery delivery;
  // results waiting for room on the connection; null while none wait (most of the time)
  private Queue<byte[]> waiting;
  private final AtomicBoolean counted = new AtomicBoolean();
  private volatile boolean done;
  private boolean waitingForRoom;
  private Subscriber<? super Object> subscriber;

  GroupMember(SubscriptionSession session, EncodedSink sink, Group group) {
    this.session = session;
    this.sink = sink;
    this.group = group;
    this.delivery = session.delivery();
  }

  Group group() {
    return group;
  }

  Context context() {
    return session.context();
  }

  SubscriptionSession session() {
    return session;
  }

  boolean ended() {
    return done;
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

  /** On the loop: a result of the group, written now if the connection can take it, else kept. */
  void offer(byte[] payload) {
    if (done) {
      return;
    }
    if (waiting == null && subscriber != null && delivery.open() && delivery.writable()) {
      // nothing waits and there is room: straight to the connection, as most results go
      session.metrics().delivered();
      sink.next(payload);
      return;
    }
    if (waiting == null) {
      waiting = new ArrayDeque<>();
    }
    if (waiting.size() >= session.bufferSize()) {
      overflow();
      return;
    }
    waiting.add(payload);
    drain();
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
          if (!delivery.open()) {
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
    while (!done && subscriber != null && waiting != null) {
      if (!delivery.open()) {
        end(); // gone: its transport cancels too, this just lets go of the group sooner
        return;
      }
      if (!delivery.writable()) {
        if (!waitingForRoom) {
          waitingForRoom = true;
          delivery.whenWritable(this::roomAgain);
        }
        return;
      }
      byte[] payload = waiting.poll();
      if (waiting.isEmpty()) {
        waiting = null;
      }
      session.metrics().delivered();
      sink.next(payload);
    }
  }

  private void roomAgain() {
    waitingForRoom = false;
    drain();
  }

  private void overflow() {
    slowConsumer("slow consumer: more than " + session.bufferSize() + " events were waiting");
  }

  /** Closes this member's connection as too slow for the stream, counted once. */
  void slowConsumer(String reason) {
    if (done) {
      return;
    }
    close(1008, reason);
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
          delivery.close(code, reason);
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

  /** Releases everything once (on the loop): the buffer, the place in the group, the slot. */
  void end() {
    if (done) {
      return;
    }
    done = true;
    waiting = null;
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
