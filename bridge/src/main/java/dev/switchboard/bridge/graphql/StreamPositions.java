package dev.switchboard.bridge.graphql;

import graphql.ExecutionResult;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import org.reactivestreams.Publisher;

/**
 * The stream sequences of a subscription's events, from the moment graphql-java receives an event
 * until its result leaves: graphql-java keeps the results in event order (the bridge asks it to),
 * one per event, so the oldest sequence waiting is the one of the next result. Adds it to the
 * result as {@code extensions.stream.sequence}. At most as many entries as events being executed.
 */
final class StreamPositions {
  static final String KEY = StreamPositions.class.getName();
  private final Queue<Long> waiting = new ArrayDeque<>();

  synchronized void received(long sequence) {
    waiting.add(sequence);
  }

  private synchronized Long next() {
    return waiting.poll();
  }

  /** The results of the subscription, each with its event's sequence. */
  Publisher<ExecutionResult> sequenced(Publisher<ExecutionResult> results) {
    return MappedPublisher.map(
        results,
        result -> {
          Long sequence = next();
          return sequence == null
              ? result
              : result.transform(
                  builder -> builder.addExtension("stream", Map.of("sequence", sequence)));
        });
  }
}
