package dev.switchboard.bridge.nats;

import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.function.ObjLongConsumer;

/**
 * Messages of a JetStream stream through an ordered consumer: history from a sequence or a time,
 * then live, in order, without gaps or duplicates at the seam (the ordered consumer re-creates
 * itself from the last delivered sequence after a gap or a reconnect).
 */
final class StreamReplay implements AutoCloseable {
  private final Dispatcher dispatcher;
  private JetStreamSubscription subscription;

  private StreamReplay(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Creates the consumer on the server; blocks for a round trip, so call it off the event loop.
   *
   * @throws IOException NATS could not be reached
   * @throws JetStreamApiException no stream stores the subject, or the server refused the consumer
   */
  static StreamReplay start(
      JetStream jetStream,
      Dispatcher dispatcher,
      ReplayStart start,
      ObjLongConsumer<byte[]> messages,
      DeliveryTracer tracer)
      throws IOException, JetStreamApiException {
    ConsumerConfiguration.Builder consumer = ConsumerConfiguration.builder();
    if (start.fromSequence() != null) {
      consumer.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(start.fromSequence());
    } else if (start.since() != null) {
      consumer
          .deliverPolicy(DeliverPolicy.ByStartTime)
          .startTime(start.since().atZone(ZoneOffset.UTC));
    } else {
      consumer.deliverPolicy(DeliverPolicy.New);
    }
    PushSubscribeOptions.Builder options =
        PushSubscribeOptions.builder().ordered(true).configuration(consumer.build());
    if (start.streamName() != null) {
      // named in the schema: no lookup by subject (one round trip and one permission fewer)
      options.stream(start.streamName());
    }
    StreamReplay replay = new StreamReplay(dispatcher);
    replay.subscription =
        jetStream.subscribe(
            start.subject(),
            dispatcher,
            tracer == DeliveryTracer.NONE
                ? message -> deliver(message, messages)
                : TracedDelivery.around(tracer, message -> deliver(message, messages)),
            false,
            options.build());
    return replay;
  }

  /** The payload with its stream sequence, which clients resume from. */
  private static void deliver(Message message, ObjLongConsumer<byte[]> messages) {
    messages.accept(message.getData(), message.metaData().streamSequence());
  }

  @Override
  public synchronized void close() {
    if (subscription != null && subscription.isActive() && dispatcher.isActive()) {
      dispatcher.unsubscribe(subscription);
    }
    subscription = null;
  }
}
