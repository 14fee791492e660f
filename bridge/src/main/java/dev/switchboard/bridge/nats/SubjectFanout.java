package dev.switchboard.bridge.nats;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One NATS subscription per distinct subject, shared by every client subscribed to it: a message is
 * received and parsed once, then handed to each listener. The NATS interest goes away with the last
 * listener. All on one dispatcher thread, so per-subject order is kept.
 */
final class SubjectFanout implements AutoCloseable {
  private final Supplier<Connection> connection;
  private final Function<byte[], Object> decode;
  private final DeliveryTracer tracer;
  private final Map<String, Shared> bySubject = new HashMap<>();
  private Dispatcher dispatcher;

  /**
   * @param decode turns a message's payload into the event every listener gets (once per message)
   * @param tracer told of every delivery with its {@code traceparent} ({@link DeliveryTracer#NONE}
   *     when tracing is off)
   */
  SubjectFanout(
      Supplier<Connection> connection, Function<byte[], Object> decode, DeliveryTracer tracer) {
    this.connection = connection;
    this.decode = decode;
    this.tracer = tracer;
  }

  /**
   * Adds a listener for {@code subject}; the returned handle removes it.
   *
   * @throws IllegalStateException when NATS is not connected
   */
  synchronized Runnable listen(String subject, Consumer<Object> listener) {
    Shared shared = bySubject.get(subject);
    if (shared == null) {
      shared = new Shared(decode);
      dispatcher()
          .subscribe(
              subject, tracer == DeliveryTracer.NONE ? shared::deliver : shared.traced(tracer));
      bySubject.put(subject, shared);
    }
    shared.listeners.add(listener);
    Shared joined = shared;
    return () -> leave(subject, joined, listener);
  }

  private synchronized void leave(String subject, Shared shared, Consumer<Object> listener) {
    if (shared.listeners.remove(listener)
        && shared.listeners.isEmpty()
        && bySubject.get(subject) == shared) {
      bySubject.remove(subject);
      if (dispatcher != null && dispatcher.isActive()) {
        dispatcher.unsubscribe(subject);
      }
    }
  }

  /** Subjects with NATS interest right now (for tests and metrics). */
  synchronized int subjects() {
    return bySubject.size();
  }

  private Dispatcher dispatcher() {
    if (dispatcher == null) {
      Connection current = connection.get();
      if (current == null || current.getStatus() != Connection.Status.CONNECTED) {
        throw new IllegalStateException("NATS is not connected");
      }
      dispatcher = current.createDispatcher();
    }
    return dispatcher;
  }

  @Override
  public synchronized void close() {
    bySubject.clear();
    if (dispatcher != null && dispatcher.isActive()) {
      Connection current = connection.get();
      if (current != null) {
        current.closeDispatcher(dispatcher);
      }
    }
  }

  /**
   * Listeners of one subject. A concurrent set: joining and leaving cost O(1) however many listen
   * (a copy-on-write list made 10,000 disconnects quadratic), and delivery needs no lock.
   */
  private static final class Shared {
    final Set<Consumer<Object>> listeners = ConcurrentHashMap.newKeySet();
    final Function<byte[], Object> decode;

    Shared(Function<byte[], Object> decode) {
      this.decode = decode;
    }

    void deliver(Message message) {
      Object event = decode.apply(message.getData());
      for (Consumer<Object> listener : listeners) {
        listener.accept(event);
      }
    }

    MessageHandler traced(DeliveryTracer tracer) {
      return TracedDelivery.around(tracer, this::deliver);
    }
  }
}
