package dev.switchboard.bridge.chain;

import dev.switchboard.bridge.support.Json;
import java.util.Map;

/**
 * A successful reply. Error replies in the NATS services convention never arrive here: the
 * transport turns them into a {@code SERVICE_ERROR} failure.
 *
 * @param body the reply payload (JSON expected); callers must not modify it
 * @param headers first value of each reply header, decoded
 * @param value the body's JSON value, unmodifiable, when the bridge made the reply itself (a
 *     publish's outcome); null for a reply from NATS. A field takes it as it is: nothing is encoded
 *     to be decoded again.
 */
public record NatsReply(byte[] body, Map<String, String> headers, Object value) {
  public NatsReply {
    body = body == null && value == null ? new byte[0] : body;
    headers = headers == null ? Map.of() : headers;
  }

  /** A reply from NATS: its bytes, decoded by the field that asked for it. */
  public NatsReply(byte[] body, Map<String, String> headers) {
    this(body, headers, null);
  }

  /** A reply the bridge made itself: its value; its bytes are encoded only if someone asks. */
  public static NatsReply made(Object value) {
    return new NatsReply(null, Map.of(), value);
  }

  /** The payload: the bytes received, or the made value's JSON. */
  @Override
  public byte[] body() {
    return body != null ? body : Json.bytes(value);
  }
}
