package dev.switchboard.bridge.nats;

import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * Confirms that core publishes reached the NATS server: a flush (PING, wait for PONG) covers every
 * message published before it. Publishes share flushes: while one is in flight, the next batch
 * waits for the following one, so a busy bridge sends one PING per batch, not per message. Flushes
 * block, so they run on a thread of their own.
 */
final class FlushCoalescer implements AutoCloseable {
  private final Duration timeout;
  private final ExecutorService flusher =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "switchboard-flush");
            thread.setDaemon(true);
            return thread;
          });
  private CompletableFuture<Void> nextBatch;
  private boolean flushing;

  FlushCoalescer(Duration timeout) {
    this.timeout = timeout;
  }

  /** Completes once a flush that started after this call has finished. */
  synchronized CompletableFuture<Void> afterPublish(Connection connection) {
    if (nextBatch == null) {
      nextBatch = new CompletableFuture<>();
    }
    CompletableFuture<Void> mine = nextBatch;
    if (!flushing) {
      flushing = true;
      flusher.execute(() -> flushWhileWaited(connection));
    }
    return mine;
  }

  private void flushWhileWaited(Connection connection) {
    while (true) {
      CompletableFuture<Void> batch;
      synchronized (this) {
        batch = nextBatch;
        nextBatch = null;
        if (batch == null) {
          flushing = false;
          return;
        }
      }
      try {
        connection.flush(timeout);
        batch.complete(null);
      } catch (TimeoutException | RuntimeException unconfirmed) {
        batch.completeExceptionally(unconfirmed);
      } catch (InterruptedException stopping) {
        Thread.currentThread().interrupt();
        batch.completeExceptionally(stopping);
        return;
      }
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
  }
}
