package dev.switchboard.bridge.chain;

import java.util.Map;

/**
 * A successful reply. Error replies in the NATS services convention never arrive here: the
 * transport turns them into a {@code SERVICE_ERROR} failure.
 *
 * @param body the reply payload (JSON expected); callers must not modify it
 * @param headers first value of each reply header, decoded
 * @param value the body's JSON value, unmodifiable, when the bridge made the reply itself (a
 *     publish's outcome); null for a reply from NATS. A field takes it as it is instead of decoding
 *     the bytes encoded from it a moment before.
 */
public record NatsReply(byte[] body, Map<String, String> headers, Object value) {
  public NatsReply {
    body = body == null ? new byte[0] : body;
    headers = headers == null ? Map.of() : headers;
  }

  /** A reply from NATS: its bytes, decoded by the field that asked for it. */
  public NatsReply(byte[] body, Map<String, String> headers) {
    this(body, headers, null);
  }
}
