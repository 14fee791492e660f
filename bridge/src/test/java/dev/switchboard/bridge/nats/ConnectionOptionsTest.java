package dev.switchboard.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.NatsConfig;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;

/**
 * The request-relevant jnats settings every connection gets (and the benchmark's floor mirrors).
 */
class ConnectionOptionsTest {
  @Test
  void requests_goOutInTheWritersBatch_notOneSocketWriteEach() {
    Options options = ConnectionOptions.from("default", NatsConfig.defaults()).build();

    assertFalse(options.forceFlushOnRequest());
  }

  @Test
  void noResponders_isReportedAtOnce_andRepliesComeToTheBridgesOwnInboxes() {
    Options options = ConnectionOptions.from("default", NatsConfig.defaults()).build();

    assertTrue(options.isReportNoResponders());
    assertEquals("_INBOX_switchboard.", options.getInboxPrefix());
  }
}
