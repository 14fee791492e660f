package dev.switchboard.bridge.graphql;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The engine new operations start on. A reload swaps it in one step; an operation takes the engine
 * once when it starts and finishes on it, and a WebSocket connection keeps the engine it was opened
 * with, so nothing runs half on one schema and half on another.
 */
public final class LiveEngine implements Supplier<GraphQLEngine> {
  private final AtomicReference<GraphQLEngine> current;

  public LiveEngine(GraphQLEngine first) {
    this.current = new AtomicReference<>(first);
  }

  @Override
  public GraphQLEngine get() {
    return current.get();
  }

  public void swap(GraphQLEngine next) {
    current.set(next);
  }
}
