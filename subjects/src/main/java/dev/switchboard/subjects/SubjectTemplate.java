package dev.switchboard.subjects;

import java.util.List;

/**
 * A NATS subject with {@code {{ source.path }}} placeholders, such as {@code orders.{{
 * claims.tenant }}.get.{{ args.id }}}. Parsing validates everything that is static; rendering
 * checks that each value becomes exactly one token ({@link SubjectTokens}), so a caller can never
 * reshape or widen the subject. Instances are immutable and thread-safe.
 */
public final class SubjectTemplate {

  /** What the rendered subject is used for, which decides whether wildcards may appear. */
  public enum Kind {
    /** Requests and publishes: a concrete subject, no wildcards. */
    PUBLISH,
    /** Subscriptions: static {@code *} tokens and a final {@code >} are allowed. */
    SUBSCRIBE
  }

  /** Supplies the value of a placeholder at render time; {@code null} means "no value". */
  @FunctionalInterface
  public interface Values {
    Object valueOf(Placeholder placeholder);
  }

  private final String source;
  private final Kind kind;

  /** Alternating parts: a {@link String} literal or a {@link Placeholder}. */
  private final List<Object> parts;

  private final List<Placeholder> placeholders;

  private SubjectTemplate(String source, Kind kind, List<Object> parts) {
    this.source = source;
    this.kind = kind;
    this.parts = List.copyOf(parts);
    this.placeholders =
        parts.stream().filter(Placeholder.class::isInstance).map(Placeholder.class::cast).toList();
  }

  /**
   * Parses and validates a template.
   *
   * @throws TemplateException if the template is malformed or can never render a valid subject
   */
  public static SubjectTemplate parse(String template, Kind kind) throws TemplateException {
    if (template == null || template.isBlank()) {
      throw new TemplateException(String.valueOf(template), "the subject is empty");
    }
    List<Object> parts = TemplateParser.split(template);
    TemplateParser.checkShape(template, parts, kind);
    return new SubjectTemplate(template, kind, parts);
  }

  /**
   * Renders the subject.
   *
   * @throws RenderException if a value cannot be exactly one subject token
   */
  public String render(Values values) throws RenderException {
    if (placeholders.isEmpty()) {
      return source;
    }
    StringBuilder subject = new StringBuilder(source.length() + 16);
    for (Object part : parts) {
      if (part instanceof Placeholder placeholder) {
        subject.append(SubjectTokens.toToken(placeholder, values.valueOf(placeholder)));
      } else {
        subject.append((String) part);
      }
    }
    return subject.toString();
  }

  /**
   * The pattern this template could match for any values: every token holding a placeholder becomes
   * {@code *}. Used where a value is unknown but must not open a hole (a deny with a missing
   * claim).
   */
  public String widened() {
    StringBuilder shape = new StringBuilder();
    for (Object part : parts) {
      shape.append(part instanceof Placeholder ? "\u0000" : (String) part);
    }
    String[] tokens = shape.toString().split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i].indexOf('\u0000') >= 0) {
        tokens[i] = "*";
      }
    }
    return String.join(".", tokens);
  }

  public List<Placeholder> placeholders() {
    return placeholders;
  }

  public Kind kind() {
    return kind;
  }

  /** The template as written. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return source;
  }
}
