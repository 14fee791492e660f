package dev.switchboard.bridge.chain;

import java.util.Map;

/**
 * A successful reply. Error replies in the NATS services convention never arrive here: the
 * transport turns them into a {@code SERVICE_ERROR} failure.
 *
 * @param body the reply payload (JSON expected); callers must not modify it
 * @param headers first value of each reply header, decoded
 */
public record NatsReply(byte[] body, Map<String, String> headers) {
  public NatsReply {
    body = body == null ? new byte[0] : body;
    headers = headers == null ? Map.of() : headers;
  }
}
