package dev.switchboard.subjects;

/**
 * A placeholder value that cannot become exactly one subject token. The message names the
 * placeholder and the reason, never the subject, so it is safe to show to the caller.
 */
public final class RenderException extends Exception {
  private final transient Placeholder placeholder;
  private final String reason;

  public RenderException(Placeholder placeholder, String reason) {
    super("the value of " + placeholder.expression() + " cannot be used in a subject: " + reason);
    this.placeholder = placeholder;
    this.reason = reason;
  }

  public Placeholder placeholder() {
    return placeholder;
  }

  public String reason() {
    return reason;
  }
}
