package dev.switchboard.bridge.graphql;

import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A publisher whose items are another's, each changed by a function; demand, cancel, errors and
 * completion pass straight through.
 */
final class MappedPublisher<T, R> implements Publisher<R> {
  private final Publisher<T> source;
  private final Function<? super T, ? extends R> each;

  private MappedPublisher(Publisher<T> source, Function<? super T, ? extends R> each) {
    this.source = source;
    this.each = each;
  }

  static <T, R> Publisher<R> map(Publisher<T> source, Function<? super T, ? extends R> each) {
    return new MappedPublisher<>(source, each);
  }

  @Override
  public void subscribe(Subscriber<? super R> subscriber) {
    source.subscribe(
        new Subscriber<T>() {
          @Override
          public void onSubscribe(Subscription subscription) {
            subscriber.onSubscribe(subscription);
          }

          @Override
          public void onNext(T item) {
            subscriber.onNext(each.apply(item));
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
