package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.chain.ConnectionLost;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The attempts waiting for a reply on one connection. When the connection drops their replies can
 * no longer come (jnats keeps the futures pending until their timeout), so they are ended at once
 * with {@link ConnectionLost}; a retryable call then tries again when the connection is back.
 */
final class InFlightCalls {
  private final Set<Entry> waiting = ConcurrentHashMap.newKeySet();

  /**
   * One attempt: its result, and how to abandon the jnats side. Identity equality with a random
   * hash: a record would hash both fields (each an identity hash, set in the object's header on
   * first use) and compare them on every removal.
   */
  private static final class Entry {
    private final CompletableFuture<?> result;
    private final Runnable abandon;
    private final int hash = ThreadLocalRandom.current().nextInt();

    Entry(CompletableFuture<?> result, Runnable abandon) {
      this.result = result;
      this.abandon = abandon;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return this == other;
    }
  }

  /** Tracks {@code result} until it completes. */
  void track(CompletableFuture<?> result, Runnable abandon) {
    Entry entry = new Entry(result, abandon);
    waiting.add(entry);
    result.whenComplete((value, error) -> waiting.remove(entry));
  }

  /** Ends every waiting attempt: the connection they were sent on has dropped. */
  void connectionLost(String connection, CompletionStage<Void> back) {
    for (Entry entry : waiting) {
      if (entry.result.completeExceptionally(
          new ConnectionLost(
              "NATS connection '" + connection + "' dropped while waiting for the reply", back))) {
        entry.abandon.run();
      }
    }
  }

  int size() {
    return waiting.size();
  }
}
