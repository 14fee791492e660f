package dev.switchboard.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.NatsConfig;
import io.nats.client.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request-relevant jnats settings every connection gets (and the benchmark's floor mirrors).
 */
class ConnectionOptionsTest {
  @Test
  void requests_goOutInTheWritersBatch_notOneSocketWriteEach() {
    Options options = ConnectionOptions.from("default", plain()).build();

    assertFalse(options.forceFlushOnRequest());
  }

  @Test
  void noResponders_isReportedAtOnce_andRepliesComeToTheBridgesOwnInboxes() {
    Options options = ConnectionOptions.from("default", plain()).build();

    assertTrue(options.isReportNoResponders());
    assertEquals("_INBOX_switchboard.", options.getInboxPrefix());
  }

  private static NatsConfig plain() {
    return new NatsConfig(
        List.of("nats://127.0.0.1:4222"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
