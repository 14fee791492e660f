package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.subscriptions.StreamEvent;
import graphql.execution.DataFetcherResult;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A subscription's events, each with {@link OperationCalls} of its own: the NATS fields nested
 * under an event get a fresh budget of {@code limits.maxNatsCalls} and share replies only within
 * that event. graphql-java unwraps the {@link DataFetcherResult} and hands its local context to the
 * event's fields. A stream event's sequence goes to {@link StreamPositions}, for its result.
 * Everything else (demand, cancel, completion) passes straight through.
 */
final class PerEventCalls implements Publisher<Object> {
  private final Publisher<Object> events;
  private final int budget;
  private final StreamPositions positions; // null for core subscriptions

  PerEventCalls(Publisher<Object> events, int budget, StreamPositions positions) {
    this.events = events;
    this.budget = budget;
    this.positions = positions;
  }

  @Override
  public void subscribe(Subscriber<? super Object> subscriber) {
    events.subscribe(
        new Subscriber<>() {
          @Override
          public void onSubscribe(Subscription subscription) {
            subscriber.onSubscribe(subscription);
          }

          @Override
          public void onNext(Object event) {
            if (event instanceof StreamEvent stream && positions != null) {
              positions.received(stream.sequence());
            }
            subscriber.onNext(
                DataFetcherResult.newResult()
                    .data(StreamEvent.payloadOf(event))
                    .localContext(new OperationCalls(budget))
                    .build());
          }

          @Override
          public void onError(Throwable failure) {
            subscriber.onError(failure);
          }

          @Override
          public void onComplete() {
            subscriber.onComplete();
          }
        });
  }
}
