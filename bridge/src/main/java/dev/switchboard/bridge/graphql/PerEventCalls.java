package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.subscriptions.StreamEvent;
import graphql.execution.DataFetcherResult;
import org.reactivestreams.Publisher;

/**
 * A subscription's events, each with {@link OperationCalls} of its own: the NATS fields nested
 * under an event get a fresh budget of {@code limits.maxNatsCalls} and share replies only within
 * that event. graphql-java unwraps the {@link DataFetcherResult} and hands its local context to the
 * event's fields. A stream event's sequence goes to {@link StreamPositions}, for its result.
 */
final class PerEventCalls {
  private PerEventCalls() {}

  /**
   * @param positions where stream sequences go; null for a core subscription
   */
  static Publisher<Object> of(Publisher<Object> events, int budget, StreamPositions positions) {
    return MappedPublisher.map(
        events,
        event -> {
          if (event instanceof StreamEvent stream && positions != null) {
            positions.received(stream.sequence());
          }
          return DataFetcherResult.newResult()
              .data(StreamEvent.payloadOf(event))
              .localContext(new OperationCalls(budget))
              .build();
        });
  }
}
