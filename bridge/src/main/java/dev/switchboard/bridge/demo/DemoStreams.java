package dev.switchboard.bridge.demo;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/** The demo's JetStream stream: order events, replayable, de-duplicated over two minutes. */
final class DemoStreams {
  static final String ORDERS = "ORDERS";

  private DemoStreams() {}

  static void ensureOrdersStream(Connection connection) {
    StreamConfiguration orders =
        StreamConfiguration.builder()
            .name(ORDERS)
            .subjects("demo.orders.events.>")
            .storageType(StorageType.File)
            .duplicateWindow(Duration.ofMinutes(2))
            .build();
    try {
      JetStreamManagement streams = connection.jetStreamManagement();
      if (!streams.getStreamNames().contains(ORDERS)) {
        streams.addStream(orders);
      }
    } catch (IOException | JetStreamApiException noJetStream) {
      LoggerFactory.getLogger(DemoStreams.class)
          .warn(
              "no JetStream here ({}); the stream parts of the demo will "
                  + "answer SERVICE_UNAVAILABLE",
              noJetStream.getMessage());
    }
  }
}
