package dev.switchboard.bridge.testing;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens on a subject pattern (e.g. {@code prefix.>}) and keeps every message, to prove what was,
 * or was not, sent.
 */
public final class SubjectSpy implements AutoCloseable {
  private final Connection connection;
  private final Dispatcher dispatcher;
  private final List<Message> messages = new CopyOnWriteArrayList<>();

  public SubjectSpy(Connection connection, String pattern) {
    this.connection = connection;
    this.dispatcher = connection.createDispatcher(messages::add);
    dispatcher.subscribe(pattern);
    try {
      connection.flush(Duration.ofSeconds(5));
    } catch (Exception notFlushed) {
      throw new IllegalStateException("spy subscription not confirmed", notFlushed);
    }
  }

  /** Messages seen so far, after giving in-flight ones a moment to arrive. */
  public List<Message> messages() {
    try {
      connection.flush(Duration.ofSeconds(5));
      Thread.sleep(100);
    } catch (Exception ignored) {
      // best effort: the list is what arrived
    }
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    connection.closeDispatcher(dispatcher);
  }
}
