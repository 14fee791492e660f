package dev.switchboard.bridge.subscriptions;

/**
 * The client end of a subscription transport (a WebSocket, an SSE response): can it take more, and
 * how to end it.
 */
public interface Delivery {
  /** False while the transport's write queue is full: the client is not keeping up. */
  boolean writable();

  /** Runs {@code action} once the write queue has drained (on the transport's event loop). */
  void whenWritable(Runnable action);

  /** False once the connection has closed (then nothing more can be written to it). */
  default boolean open() {
    return true;
  }

  /** Ends the whole connection, e.g. for a client too slow to keep up or a token that expired. */
  void close(int code, String reason);
}
