package dev.switchboard.bridge.demo;

import dev.switchboard.bridge.nats.ServiceConnection;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/** The demo's JetStream stream: order events, replayable, de-duplicated over two minutes. */
final class DemoStreams {
  static final String ORDERS = "ORDERS";

  private DemoStreams() {}

  static void ensureOrdersStream(ServiceConnection connection) {
    try {
      connection.ensureStream(ORDERS, "demo.orders.events.>", Duration.ofMinutes(2));
    } catch (IOException noJetStream) {
      LoggerFactory.getLogger(DemoStreams.class)
          .warn(
              "no JetStream here ({}); the stream parts of the demo will "
                  + "answer SERVICE_UNAVAILABLE",
              noJetStream.getMessage());
    }
  }
}
