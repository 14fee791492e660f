package dev.switchboard.bridge.nats;

import dev.switchboard.subjects.SwitchboardHeaders;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import java.util.function.Consumer;

/**
 * A message handler that tells the {@link DeliveryTracer} of each delivery, with the publisher's
 * {@code traceparent}, around the handling: for shared core subscriptions and stream replays alike.
 */
final class TracedDelivery {
  private TracedDelivery() {}

  static MessageHandler around(DeliveryTracer tracer, Consumer<Message> deliver) {
    return message -> {
      String traceparent =
          message.hasHeaders()
              ? message.getHeaders().getFirst(SwitchboardHeaders.TRACEPARENT)
              : null;
      Runnable delivered = tracer.delivering(message.getSubject(), traceparent);
      try {
        deliver.accept(message);
      } finally {
        delivered.run();
      }
    };
  }
}
