package dev.switchboard.bridge.subscriptions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Live events from core NATS subjects, through the shared per-subject subscriptions. */
final class CoreEventSource implements EventSource {
  private final List<Runnable> leaves = new ArrayList<>();
  private boolean closed;

  private CoreEventSource() {}

  /**
   * Starts listening on every subject.
   *
   * @throws IllegalStateException when NATS is not connected (nothing is left listening)
   */
  static CoreEventSource listen(
      SubjectFanout fanout, List<String> subjects, Consumer<Object> events) {
    CoreEventSource source = new CoreEventSource();
    try {
      for (String subject : subjects) {
        source.leaves.add(fanout.listen(subject, events));
      }
    } catch (RuntimeException cannotListen) {
      source.close();
      throw cannotListen;
    }
    return source;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    leaves.forEach(Runnable::run);
    leaves.clear();
  }
}
