package dev.switchboard.bridge.auth;

/**
 * A request that cannot be served as anyone: no token where one is required (401), a token that
 * fails validation (401, {@code error="invalid_token"}), or keys that cannot be fetched right now
 * (503). The description is safe to show; details are logged.
 */
public final class AuthenticationException extends Exception {
  private final int status;
  private final String bearerError;

  AuthenticationException(int status, String bearerError, String description) {
    super(description, null, false, false);
    this.status = status;
    this.bearerError = bearerError;
  }

  static AuthenticationException missingToken() {
    return new AuthenticationException(401, null, "A bearer token is required.");
  }

  static AuthenticationException invalid(String description) {
    return new AuthenticationException(401, "invalid_token", description);
  }

  static AuthenticationException keysUnavailable() {
    return new AuthenticationException(
        503, null, "Tokens cannot be verified right now; try again shortly.");
  }

  public int status() {
    return status;
  }

  /** The RFC 6750 error code for {@code WWW-Authenticate}, or null when no token was sent. */
  public String bearerError() {
    return bearerError;
  }

  /** The {@code WWW-Authenticate} header value. */
  public String challenge() {
    if (bearerError == null) {
      return "Bearer realm=\"switchboard\"";
    }
    return "Bearer realm=\"switchboard\", error=\""
        + bearerError
        + "\", error_description=\""
        + getMessage().replace("\"", "'")
        + "\"";
  }
}
