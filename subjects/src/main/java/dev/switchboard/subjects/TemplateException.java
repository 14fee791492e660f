package dev.switchboard.subjects;

/** A subject template that can never render a valid subject; raised when the template is parsed. */
public final class TemplateException extends Exception {
  private final String template;
  private final String reason;

  public TemplateException(String template, String reason) {
    super("subject template \"" + template + "\": " + reason);
    this.template = template;
    this.reason = reason;
  }

  public String template() {
    return template;
  }

  /** What is wrong, without the template text. */
  public String reason() {
    return reason;
  }
}
