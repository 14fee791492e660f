package dev.switchboard.fleet;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.List;

/** NATS connections of the fleet's tools: every node's URL, reconnecting forever. */
final class FleetNats {
  private FleetNats() {}

  static Connection connect(List<String> urls, String name) throws Exception {
    return Nats.connect(
        Options.builder()
            .servers(urls.toArray(String[]::new))
            .connectionName(name)
            .reportNoResponders()
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(250))
            .build());
  }
}
