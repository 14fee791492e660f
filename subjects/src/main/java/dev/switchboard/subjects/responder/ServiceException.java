package dev.switchboard.subjects.responder;

/**
 * A failure the caller is meant to see: replied with the standard {@code Nats-Service-Error} and
 * {@code Nats-Service-Error-Code} headers. Use HTTP-like codes (404 not found, 409 conflict, ...).
 * The message is sent as is, so keep internal detail out of it.
 */
public class ServiceException extends RuntimeException {
  private final int code;

  public ServiceException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
