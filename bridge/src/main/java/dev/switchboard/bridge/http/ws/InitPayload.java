package dev.switchboard.bridge.http.ws;

import io.vertx.core.json.JsonObject;

/**
 * Where graphql-ws clients put their token in {@code connection_init}: {@code authorization} (or
 * {@code Authorization}), {@code token}, or the same under {@code headers}.
 */
final class InitPayload {
  private static final String[] AUTHORIZATION_KEYS = {"authorization", "Authorization"};

  private InitPayload() {}

  /**
   * The token as an {@code Authorization} header value, or null when the payload carries none.
   *
   * @throws NotAToken when a token key holds something other than a string: a malformed init is
   *     refused, never taken for an anonymous one
   */
  static String authorization(JsonObject message) throws NotAToken {
    JsonObject payload = message.getValue("payload") instanceof JsonObject object ? object : null;
    return payload == null ? null : authorizationIn(payload);
  }

  private static String authorizationIn(JsonObject payload) throws NotAToken {
    for (String key : AUTHORIZATION_KEYS) {
      String value = stringAt(payload, key);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    String token = stringAt(payload, "token");
    if (token != null && !token.isBlank()) {
      return "Bearer " + token;
    }
    Object headers = payload.getValue("headers");
    if (headers == null) {
      return null;
    }
    if (!(headers instanceof JsonObject nested)) {
      throw new NotAToken("headers");
    }
    return authorizationIn(nested);
  }

  private static String stringAt(JsonObject payload, String key) throws NotAToken {
    Object value = payload.getValue(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new NotAToken(key);
  }

  /** A token key whose value is not a string. */
  static final class NotAToken extends Exception {
    NotAToken(String key) {
      super("'" + key + "' in the connection_init payload must be a string", null, false, false);
    }
  }
}
