package dev.switchboard.bench;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * The stream behind the publish scenario: in memory and capped, so a long run stores the newest
 * messages without filling memory (old ones are dropped; every publish is still acknowledged).
 */
final class BenchStreams {
  static final String EVENTS = "BENCH_EVENTS";

  private BenchStreams() {}

  static void ensure(Connection connection) throws Exception {
    JetStreamManagement streams = connection.jetStreamManagement();
    if (!streams.getStreamNames().contains(EVENTS)) {
      streams.addStream(
          StreamConfiguration.builder()
              .name(EVENTS)
              .subjects("bench.events.>")
              .storageType(StorageType.Memory)
              .maxMessages(100_000)
              .discardPolicy(DiscardPolicy.Old)
              .build());
    }
  }
}
