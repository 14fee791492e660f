package dev.switchboard.subjects.responder;

import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import dev.switchboard.subjects.identity.Identity;
import io.nats.client.impl.Headers;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.service.ServiceMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** One request as a handler sees it: the body and the bridge's header contract, decoded. */
public final class Request {
  private final String subject;
  private final byte[] data;
  private final Headers headers;
  private final Identity identity;

  Request(ServiceMessage message) {
    this(
        message.getSubject(),
        message.getData() == null ? new byte[0] : message.getData(),
        message.getHeaders(),
        null);
  }

  private Request(String subject, byte[] data, Headers headers, Identity identity) {
    this.subject = subject;
    this.data = data;
    this.headers = headers;
    this.identity = identity;
  }

  /** A request without headers, for unit tests of handlers in this package. */
  static Request of(String subject, byte[] data) {
    return new Request(subject, data, null, null);
  }

  /** The same request with the identity its header verified to. */
  Request withIdentity(Identity verified) {
    return new Request(subject, data, headers, verified);
  }

  public String subject() {
    return subject;
  }

  public byte[] data() {
    return data.clone();
  }

  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON (the bridge sends the field's arguments as an object).
   *
   * @throws ServiceException 400 when the body is not JSON
   */
  public JsonValue json() {
    try {
      return JsonParser.parse(data);
    } catch (JsonParseException notJson) {
      throw new ServiceException(400, "the request body is not JSON");
    }
  }

  /** A header's decoded value, if present. */
  public Optional<String> header(String name) {
    String raw = headers == null ? null : headers.getFirst(name);
    return Optional.ofNullable(HeaderValues.decode(raw));
  }

  /** The caller's correlation id; put it in your logs. */
  public String correlationId() {
    return header(SwitchboardHeaders.CORRELATION_ID).orElse("");
  }

  /**
   * The caller, when the responder verifies identities ({@link Responder.Builder#verifyIdentity})
   * and this request's {@code Switchboard-Identity} header verified; empty otherwise.
   */
  public Optional<Identity> identity() {
    return Optional.ofNullable(identity);
  }

  /** When the bridge stops waiting for this reply. */
  public Optional<Instant> deadline() {
    return header(SwitchboardHeaders.DEADLINE).flatMap(Request::epochMillis);
  }

  /** True once the deadline has passed: nobody is waiting for the answer any more. */
  public boolean isExpired() {
    return deadline().map(d -> Instant.now().isAfter(d)).orElse(false);
  }

  public Optional<TraceParent> traceParent() {
    return header(SwitchboardHeaders.TRACEPARENT).map(TraceParent::parse);
  }

  public Optional<String> operationName() {
    return header(SwitchboardHeaders.OPERATION);
  }

  public Optional<String> fieldPath() {
    return header(SwitchboardHeaders.FIELD_PATH);
  }

  /** 1 for the first attempt; higher when the bridge is retrying. */
  public int attempt() {
    return header(SwitchboardHeaders.ATTEMPT).map(Request::parseIntOrOne).orElse(1);
  }

  private static Optional<Instant> epochMillis(String value) {
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(value.trim())));
    } catch (NumberFormatException malformed) {
      return Optional.empty();
    }
  }

  private static int parseIntOrOne(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException malformed) {
      return 1;
    }
  }
}
