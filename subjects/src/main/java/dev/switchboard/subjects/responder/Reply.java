package dev.switchboard.subjects.responder;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a JSON body, or a coded error in the NATS services convention. */
public final class Reply {
  private final byte[] body;
  private final int errorCode;
  private final String errorText;
  private final Map<String, String> headers;

  private Reply(byte[] body, int errorCode, String errorText, Map<String, String> headers) {
    this.body = body;
    this.errorCode = errorCode;
    this.errorText = errorText;
    this.headers = headers;
  }

  /** A JSON body given as text, e.g. {@code {"id":"42"}}, {@code [1,2]} or {@code null}. */
  public static Reply json(String json) {
    return new Reply(json.getBytes(StandardCharsets.UTF_8), 0, null, Map.of());
  }

  /** A body of raw bytes (for JSON already encoded elsewhere). */
  public static Reply bytes(byte[] body) {
    return new Reply(body.clone(), 0, null, Map.of());
  }

  /**
   * A coded error; {@code code} is HTTP-like (400, 404, 500...), {@code text} is shown to callers.
   */
  public static Reply error(int code, String text) {
    // A null text would make isError() false and send an empty success; keep it an error.
    return new Reply(new byte[0], code, text == null ? "error " + code : text, Map.of());
  }

  /** The same reply with one more header (names starting {@code Switchboard-} are reserved). */
  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(body, errorCode, errorText, Map.copyOf(more));
  }

  public boolean isError() {
    return errorText != null;
  }

  public byte[] body() {
    return body.clone();
  }

  byte[] rawBody() {
    return body;
  }

  public int errorCode() {
    return errorCode;
  }

  public String errorText() {
    return errorText;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
