package dev.switchboard.bridge.subscriptions;

import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * Events from a JetStream stream through an ordered consumer: history from a sequence or a time,
 * then live, in order, without gaps or duplicates at the seam (the ordered consumer re-creates
 * itself from the last delivered sequence after a gap or a reconnect).
 */
final class StreamEventSource implements EventSource {
  private final JetStream jetStream;
  private final Dispatcher dispatcher;
  private final String streamName;
  private final String subject;
  private final Long fromSequence;
  private final Instant since;
  private JetStreamSubscription subscription;

  /**
   * @param streamName the stream storing the subject, or null to look it up by subject (a round
   *     trip, and a permission the bridge's NATS user needs only then)
   * @param fromSequence first stream sequence to deliver, or null
   * @param since first time to deliver from, or null (neither: only new messages)
   */
  StreamEventSource(
      JetStream jetStream,
      Dispatcher dispatcher,
      String streamName,
      String subject,
      Long fromSequence,
      Instant since) {
    this.jetStream = jetStream;
    this.dispatcher = dispatcher;
    this.streamName = streamName;
    this.subject = subject;
    this.fromSequence = fromSequence;
    this.since = since;
  }

  /**
   * Creates the consumer on the server; blocks for a round trip, so call it off the event loop.
   *
   * @throws IOException NATS could not be reached
   * @throws JetStreamApiException no stream stores the subject, or the server refused the consumer
   */
  synchronized void create(Consumer<Object> events) throws IOException, JetStreamApiException {
    ConsumerConfiguration.Builder consumer = ConsumerConfiguration.builder();
    if (fromSequence != null) {
      consumer.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(fromSequence);
    } else if (since != null) {
      consumer.deliverPolicy(DeliverPolicy.ByStartTime).startTime(since.atZone(ZoneOffset.UTC));
    } else {
      consumer.deliverPolicy(DeliverPolicy.New);
    }
    PushSubscribeOptions options =
        PushSubscribeOptions.builder().stream(streamName)
            .ordered(true)
            .configuration(consumer.build())
            .build();
    subscription =
        jetStream.subscribe(
            subject,
            dispatcher,
            message -> events.accept(Events.parse(message.getData())),
            false,
            options);
  }

  @Override
  public synchronized void close() {
    if (subscription != null && subscription.isActive()) {
      dispatcher.unsubscribe(subscription);
    }
    subscription = null;
  }
}
