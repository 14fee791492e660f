package dev.switchboard.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.time.Instant;

/**
 * Creates the fleet's streams, each replicated on all three nodes, so a stream survives the loss of
 * any one node: {@code FLEET_EVENTS} (the publish mutation) and {@code FLEET_FEED} (the WebSocket
 * resume scenario's feed). Retries while the cluster has no JetStream leader yet.
 */
final class FleetStreams {
  static final String EVENTS = "FLEET_EVENTS";
  static final String FEED = "FLEET_FEED";

  private FleetStreams() {}

  static void main(Args args) throws Exception {
    Instant deadline = Instant.now().plusSeconds(args.number("--timeout", 30));
    try (Connection nats = FleetNats.connect(args.list("--nats"), "fleet-streams")) {
      JetStreamManagement streams = nats.jetStreamManagement();
      while (true) {
        try {
          ensure(streams, EVENTS, "fleet.events.>");
          ensure(streams, FEED, "fleet.feed.>");
          System.out.println("streams ready: " + EVENTS + ", " + FEED + " (3 replicas)");
          return;
        } catch (JetStreamApiException | java.io.IOException notYet) {
          if (Instant.now().isAfter(deadline)) {
            throw notYet;
          }
          Thread.sleep(500);
        }
      }
    }
  }

  private static void ensure(JetStreamManagement streams, String name, String subjects)
      throws Exception {
    if (streams.getStreamNames().contains(name)) {
      return;
    }
    streams.addStream(
        StreamConfiguration.builder()
            .name(name)
            .subjects(subjects)
            .storageType(StorageType.File)
            .replicas(3)
            .duplicateWindow(Duration.ofMinutes(2))
            .build());
  }
}
