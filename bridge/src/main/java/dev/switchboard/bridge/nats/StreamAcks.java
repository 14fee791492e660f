package dev.switchboard.bridge.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import java.io.IOException;

/** Whether a reply to a stream publish is a PubAck (the message is stored) or a refusal. */
final class StreamAcks {
  private StreamAcks() {}

  /**
   * @throws IllegalStateException saying why the message was not stored
   */
  static void require(Message reply) {
    if (reply.isStatusMessage()) {
      throw new IllegalStateException(
          "no stream stores " + reply.getSubject() + " (status " + reply.getStatus() + ")");
    }
    try {
      new PublishAck(reply);
    } catch (JetStreamApiException refused) {
      throw new IllegalStateException("the stream refused it: " + refused.getMessage());
    } catch (IOException | RuntimeException notAnAck) {
      throw new IllegalStateException("not a PubAck: " + notAnAck.getMessage());
    }
  }
}
