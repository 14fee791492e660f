package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.subjects.SubjectTokens;
import dev.switchboard.subjects.SwitchboardHeaders;

/**
 * The header contract as message header schemas, with the names of {@link SwitchboardHeaders}: what
 * every request and publish carries, what a subscription event may carry, and the NATS services
 * error reply.
 */
final class HeaderSchemas {
  /** Values that are not printable ASCII arrive percent-encoded (RFC 3986 style, UTF-8). */
  private static final String ENCODED =
      " Values outside printable ASCII, '%' and edge spaces are percent-encoded (UTF-8).";

  /** What the one-token rule refuses, said as the bridge enforces it ({@link SubjectTokens}). */
  static final String ONE_TOKEN_RULE =
      "Rendered as exactly one NATS subject token: a value containing '.', '*', '>', whitespace,"
          + " a control or non-ASCII character, an empty value, a value longer than "
          + SubjectTokens.MAX_VALUE_LENGTH
          + " characters, or anything that is not a single scalar (a list, an object) is refused"
          + " with BAD_USER_INPUT and nothing is sent.";

  private HeaderSchemas() {}

  /** A publish: the call headers and, with an idempotency key, the de-duplication id. */
  static ObjectNode publish() {
    ObjectNode headers = call();
    text(
        (ObjectNode) headers.get("properties"),
        SwitchboardHeaders.MSG_ID,
        "De-duplication id (JetStream stores one message per id), derived from the verified"
            + " caller, the idempotency key and the field path, when the client gave an"
            + " idempotency key.");
    return headers;
  }

  /** Every request and publish the bridge sends. */
  static ObjectNode call() {
    ObjectNode headers = JsonSchemas.object();
    ObjectNode properties = headers.putObject("properties");
    text(
        properties,
        SwitchboardHeaders.CORRELATION_ID,
        "Correlation id of the client's request (its X-Request-Id / X-Correlation-Id, or"
            + " generated); the client sees it in extensions.correlationId."
            + ENCODED);
    text(
        properties,
        SwitchboardHeaders.TRACEPARENT,
        "W3C trace context: a new span of the bridge's trace for this attempt.");
    text(properties, SwitchboardHeaders.TRACESTATE, "W3C trace state, when the client sent one.");
    properties
        .putObject(SwitchboardHeaders.DEADLINE)
        .put("type", "string")
        .put("pattern", "^[0-9]+$")
        .put(
            "description",
            "Absolute deadline in milliseconds since the Unix epoch; the bridge discards a reply"
                + " after it, so work past it is wasted.");
    text(
        properties,
        SwitchboardHeaders.OPERATION,
        "The GraphQL operation name, when the client gave one." + ENCODED);
    text(
        properties,
        SwitchboardHeaders.FIELD_PATH,
        "The GraphQL response path of the field, e.g. order/customer." + ENCODED);
    properties
        .putObject(SwitchboardHeaders.ATTEMPT)
        .put("type", "string")
        .put("pattern", "^[0-9]+$")
        .put("description", "Attempt number on retries (2, 3, ...); absent on the first attempt.");
    text(
        properties,
        SwitchboardHeaders.IDENTITY,
        "The identity envelope: a compact JWS signed by the bridge (subject, roles, scopes,"
            + " selected claims, expiry), when the caller is identified; verify it against the"
            + " bridge's JWKS. The same header arriving from outside is never passed through.");
    text(
        properties,
        SwitchboardHeaders.TOKEN,
        "The caller's bearer token, only when the bridge is configured to forward it.");
    headers
        .putArray("required")
        .add(SwitchboardHeaders.CORRELATION_ID)
        .add(SwitchboardHeaders.TRACEPARENT)
        .add(SwitchboardHeaders.DEADLINE)
        .add(SwitchboardHeaders.FIELD_PATH);
    return headers;
  }

  /** A subscription event: services publish it; the bridge continues its trace when present. */
  static ObjectNode event() {
    ObjectNode headers = JsonSchemas.object();
    ObjectNode properties = headers.putObject("properties");
    text(properties, SwitchboardHeaders.TRACEPARENT, "W3C trace context of the publisher.");
    text(properties, SwitchboardHeaders.TRACESTATE, "W3C trace state of the publisher.");
    return headers;
  }

  /** The NATS services error reply: the client gets SERVICE_ERROR with the code. */
  static ObjectNode serviceError() {
    ObjectNode headers = JsonSchemas.object();
    ObjectNode properties = headers.putObject("properties");
    text(
        properties,
        SwitchboardHeaders.SERVICE_ERROR,
        "The error text the client sees as the message of a SERVICE_ERROR." + ENCODED);
    properties
        .putObject(SwitchboardHeaders.SERVICE_ERROR_CODE)
        .put("type", "string")
        .put("pattern", "^[0-9]+$")
        .put(
            "description",
            "An HTTP-like code (400, 404, 409, 502, ...), given to the client as"
                + " extensions.serviceCode.");
    headers
        .putArray("required")
        .add(SwitchboardHeaders.SERVICE_ERROR)
        .add(SwitchboardHeaders.SERVICE_ERROR_CODE);
    return headers;
  }

  private static void text(ObjectNode properties, String name, String description) {
    properties.putObject(name).put("type", "string").put("description", description);
  }
}
