package dev.switchboard.bridge.http.ws;

import io.vertx.core.json.JsonObject;

/**
 * Where graphql-ws clients put their token in {@code connection_init}: {@code authorization} or
 * {@code token}.
 */
final class InitPayload {
  private InitPayload() {}

  /** The token as an {@code Authorization} header value, or null when the payload carries none. */
  static String authorization(JsonObject message) {
    JsonObject payload = message.getValue("payload") instanceof JsonObject object ? object : null;
    if (payload == null) {
      return null;
    }
    for (String key : new String[] {"authorization", "Authorization"}) {
      if (payload.getValue(key) instanceof String value && !value.isBlank()) {
        return value;
      }
    }
    if (payload.getValue("token") instanceof String token && !token.isBlank()) {
      return "Bearer " + token;
    }
    if (payload.getValue("headers") instanceof JsonObject headers) {
      return authorization(new JsonObject().put("payload", headers));
    }
    return null;
  }
}
