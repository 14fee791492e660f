package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publish outcomes as the field's JSON value ({@code PublishResult}): core publishes are ok once
 * flushed; stream publishes only when the stream acknowledged storing the message.
 */
final class PublishAcks {
  /** A core publish, flushed. */
  static final NatsReply CORE_OK = NatsReply.made(Map.of("ok", true));

  private PublishAcks() {}

  /** The outcome of a stream publish to {@code subject}, from the stream's reply. */
  static NatsReply interpret(Message reply, String subject) {
    PublishAck ack = ack(reply, subject);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ok", true);
    result.put("stream", ack.getStream());
    result.put("sequence", Long.toString(ack.getSeqno()));
    result.put("duplicate", ack.isDuplicate());
    return NatsReply.made(Collections.unmodifiableMap(result));
  }

  /**
   * The stream's acknowledgement of a publish to {@code subject}.
   *
   * @throws BridgeException {@code SERVICE_UNAVAILABLE} when no stream stores the subject (or the
   *     reply is not a PubAck), {@code SERVICE_ERROR} when the stream refused the message
   */
  static PublishAck ack(Message reply, String subject) {
    if (reply.isStatusMessage()) {
      throw new BridgeException(
          ErrorCode.SERVICE_UNAVAILABLE,
          "No stream stores this subject right now.",
          Map.of(),
          "status " + reply.getStatus() + " publishing to " + subject,
          null);
    }
    PublishAck ack;
    try {
      ack = new PublishAck(reply);
    } catch (JetStreamApiException refused) {
      throw new BridgeException(
          ErrorCode.SERVICE_ERROR,
          "The stream refused the message.",
          Map.of("serviceCode", refused.getErrorCode()),
          "JetStream: " + refused.getMessage(),
          null);
    } catch (IOException | RuntimeException notAnAck) {
      throw new BridgeException(
          ErrorCode.SERVICE_UNAVAILABLE,
          "No stream stores this subject right now.",
          Map.of(),
          "not a PubAck from " + subject + ": " + notAnAck.getMessage(),
          null);
    }
    return ack;
  }
}
