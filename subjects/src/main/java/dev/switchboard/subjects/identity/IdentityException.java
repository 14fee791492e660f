package dev.switchboard.subjects.identity;

/**
 * An identity envelope that cannot be trusted. The message says why (malformed, algorithm or type
 * refused, unknown key, bad signature, expired, wrong issuer or audience, missing claim, keys
 * unavailable); it is meant for logs, not for callers, who should only learn "401":
 *
 * <pre>{@code
 * try {
 *   return verifier.verify(envelope);
 * } catch (IdentityException rejected) {
 *   log.debug("identity rejected ({}), correlation id {}", rejected.getMessage(), correlationId);
 *   throw new ServiceException(401, "identity missing or invalid");
 * }
 * }</pre>
 */
public final class IdentityException extends Exception {

  public IdentityException(String message) {
    this(message, null);
  }

  public IdentityException(String message, Throwable cause) {
    // No stack trace: a rejected envelope is an expected outcome, possibly many per second.
    super(message, cause, false, false);
  }
}
