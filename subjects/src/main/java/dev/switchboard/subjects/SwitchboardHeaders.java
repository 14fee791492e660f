package dev.switchboard.subjects;

/**
 * The NATS header names of the Switchboard contract, defined once. Values that are not plain
 * printable ASCII are percent-encoded; see {@link HeaderValues}.
 */
public final class SwitchboardHeaders {
  private SwitchboardHeaders() {}

  /**
   * Correlation id of the client's HTTP request (from X-Request-Id / X-Correlation-Id, or
   * generated).
   */
  public static final String CORRELATION_ID = "Switchboard-Correlation-Id";

  /** Absolute deadline, milliseconds since the Unix epoch; a reply after it is discarded. */
  public static final String DEADLINE = "Switchboard-Deadline";

  /** The GraphQL operation name, when the client gave one. */
  public static final String OPERATION = "Switchboard-Operation";

  /** The GraphQL response path of the field being resolved, e.g. {@code order/customer}. */
  public static final String FIELD_PATH = "Switchboard-Field-Path";

  /** Attempt number on retries (2, 3...); absent on the first attempt. */
  public static final String ATTEMPT = "Switchboard-Attempt";

  /** Compact JWS identity envelope signed by the bridge (see {@code identity.IdentityEnvelope}). */
  public static final String IDENTITY = "Switchboard-Identity";

  /** The caller's original bearer token, only when the bridge is configured to forward it. */
  public static final String TOKEN = "Switchboard-Token";

  /** W3C trace context. */
  public static final String TRACEPARENT = "traceparent";

  public static final String TRACESTATE = "tracestate";

  /** NATS services convention: an error reply carries these two headers. */
  public static final String SERVICE_ERROR = "Nats-Service-Error";

  public static final String SERVICE_ERROR_CODE = "Nats-Service-Error-Code";

  /** JetStream de-duplication id. */
  public static final String MSG_ID = "Nats-Msg-Id";

  /** Dead letters: the subject the failed message was sent to (replay it there). */
  public static final String ORIGINAL_SUBJECT = "Switchboard-Original-Subject";

  /**
   * Dead letters: the message's {@code Nats-Msg-Id}, renamed so that the dead-letter stream does
   * not take the dead letter for a duplicate; a replay sets it as {@code Nats-Msg-Id} again.
   */
  public static final String IDEMPOTENCY_KEY = "Switchboard-Idempotency-Key";

  /** Dead letters: the error code the client got, e.g. {@code TIMEOUT}. */
  public static final String ERROR_CODE = "Switchboard-Error-Code";

  /** Dead letters: how many attempts were sent before the call gave up. */
  public static final String ATTEMPTS = "Switchboard-Attempts";

  /** Dead letters: when the call finally failed, RFC 3339 in UTC. */
  public static final String FAILED_AT = "Switchboard-Failed-At";

  /** Dead letters: the schema coordinate of the field, e.g. {@code Mutation.placeOrder}. */
  public static final String FIELD = "Switchboard-Field";

  /** Every header name the bridge owns; the same names arriving from outside are dropped. */
  public static final String PREFIX = "Switchboard-";
}
