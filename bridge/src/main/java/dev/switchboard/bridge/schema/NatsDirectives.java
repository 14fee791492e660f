package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.chain.CallContext.CallPolicy;
import dev.switchboard.bridge.config.BridgeConfig.RequestsConfig;
import dev.switchboard.bridge.config.Durations;
import dev.switchboard.subjects.SubjectTemplate;
import dev.switchboard.subjects.TemplateException;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import java.time.Duration;
import java.util.Set;

/** The schema directives Switchboard understands: their SDL definitions and how their arguments read. */
public final class NatsDirectives {
  public static final String REQUEST = "natsRequest";
  /** Every directive that only matters to the bridge; hidden from the client-facing schema. */
  public static final Set<String> ALL = Set.of(REQUEST);
  /** Access directives; clients see them (they document who may read what). */
  public static final Set<String> ACCESS = Set.of(GuardDirectives.AUTHENTICATED, GuardDirectives.REQUIRES_SCOPES);
  static final int MAX_RETRIES = 10;

  /** Added to the user's SDL unless it declares the directives itself. */
  static final String DEFINITIONS = """
      "Resolves the field with a NATS request: the arguments are the JSON body, the JSON reply is the value."
      directive @natsRequest(
        "Subject template, e.g. \\"orders.get.{{ args.id }}\\"; each placeholder renders one token."
        subject: String!
        "Deadline of the whole call, retries included, e.g. \\"500ms\\" or \\"2s\\"."
        timeout: String
        "Extra attempts when nobody answers (queries only)."
        retries: Int
      ) on FIELD_DEFINITION
      """;

  private NatsDirectives() {}

  /** Reads and validates a {@code @natsRequest}; the message of a failure is the reason only. */
  static RequestBinding requestBinding(String typeName, String fieldName, Directive directive,
      RequestsConfig defaults, String location) throws InvalidDirective {
    String subjectText = string(directive, "subject");
    if (subjectText == null) {
      throw new InvalidDirective("@natsRequest needs a subject");
    }
    SubjectTemplate subject;
    try {
      subject = SubjectTemplate.parse(subjectText, SubjectTemplate.Kind.PUBLISH);
    } catch (TemplateException bad) {
      throw new InvalidDirective("@natsRequest " + bad.getMessage());
    }
    Duration timeout = defaults.timeout();
    String timeoutText = string(directive, "timeout");
    if (timeoutText != null) {
      try {
        timeout = Durations.parse(timeoutText);
      } catch (IllegalArgumentException bad) {
        throw new InvalidDirective("@natsRequest timeout: " + bad.getMessage());
      }
      if (timeout.isZero() || timeout.isNegative()) {
        throw new InvalidDirective("@natsRequest timeout must be positive");
      }
    }
    Integer retries = integer(directive, "retries");
    if (retries != null && (retries < 0 || retries > MAX_RETRIES)) {
      throw new InvalidDirective("@natsRequest retries must be between 0 and " + MAX_RETRIES);
    }
    CallPolicy policy = new CallPolicy(timeout, retries != null ? retries : defaults.retries());
    return new RequestBinding(typeName, fieldName, subject, policy, location);
  }

  private static String string(Directive directive, String name) throws InvalidDirective {
    Value<?> value = valueOf(directive, name);
    if (value == null) {
      return null;
    }
    if (value instanceof StringValue text) {
      return text.getValue();
    }
    throw new InvalidDirective("@" + directive.getName() + " " + name + " must be a string");
  }

  private static Integer integer(Directive directive, String name) throws InvalidDirective {
    Value<?> value = valueOf(directive, name);
    if (value == null) {
      return null;
    }
    if (value instanceof IntValue number) {
      // Clamped, not intValueExact: an ArithmeticException would escape as a crash instead of a
      // SchemaException; a clamped value still fails the caller's range check with a clear message.
      return number.getValue().max(java.math.BigInteger.valueOf(Integer.MIN_VALUE))
          .min(java.math.BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }
    throw new InvalidDirective("@" + directive.getName() + " " + name + " must be a whole number");
  }

  private static Value<?> valueOf(Directive directive, String name) {
    Argument argument = directive.getArgument(name);
    return argument == null ? null : argument.getValue();
  }

  /** A directive whose arguments make no sense; the message is the reason. */
  static final class InvalidDirective extends Exception {
    InvalidDirective(String reason) {
      super(reason);
    }
  }
}
