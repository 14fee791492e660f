package dev.switchboard.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Publishes {@code --count} events {@code {"n":1}}, {@code {"n":2}}, ... to {@code
 * fleet.feed.<run>} at {@code --per-second}, straight to JetStream (the WebSocket scenario kills a
 * bridge, not the publisher's path). Each carries a message id, so a publish retried after a lost
 * acknowledgement is stored once: the stream holds n = 1..count in order, at sequences a subscriber
 * can count.
 */
final class FeedPublisher {
  private FeedPublisher() {}

  static void main(Args args) throws Exception {
    String run = args.required("--run");
    int count = args.number("--count", 100);
    long interval = 1000L / args.number("--per-second", 20);
    try (Connection nats = FleetNats.connect(args.list("--nats"), "fleet-feed")) {
      JetStream jetStream = nats.jetStream();
      for (int n = 1; n <= count; n++) {
        byte[] body = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
        PublishOptions options =
            PublishOptions.builder()
                .messageId(run + "-" + n)
                .expectedStream(FleetStreams.FEED)
                .streamTimeout(Duration.ofSeconds(2))
                .build();
        while (true) {
          try {
            jetStream.publish("fleet.feed." + run, body, options);
            break;
          } catch (Exception notAcknowledged) {
            Thread.sleep(100);
          }
        }
        Thread.sleep(interval);
      }
      System.out.println("published=" + count);
    }
  }
}
