package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.config.Durations;
import dev.switchboard.bridge.schema.NatsDirectives.InvalidDirective;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a directive's arguments by type; a wrong type is an {@link InvalidDirective} naming the
 * argument.
 */
final class DirectiveArguments {
  private DirectiveArguments() {}

  static Duration duration(Directive directive, Duration fallback) throws InvalidDirective {
    String text = string(directive, "timeout");
    if (text == null) {
      return fallback;
    }
    try {
      Duration timeout = Durations.parse(text);
      if (timeout.isZero() || timeout.isNegative()) {
        throw new InvalidDirective("@" + directive.getName() + " timeout must be positive");
      }
      return timeout;
    } catch (IllegalArgumentException bad) {
      throw new InvalidDirective("@" + directive.getName() + " timeout: " + bad.getMessage());
    }
  }

  static boolean bool(Directive directive, String name) throws InvalidDirective {
    Value<?> value = valueOf(directive, name);
    if (value == null) {
      return false;
    }
    if (value instanceof BooleanValue flag) {
      return flag.isValue();
    }
    throw new InvalidDirective("@" + directive.getName() + " " + name + " must be true or false");
  }

  static List<String> strings(Directive directive, String name) throws InvalidDirective {
    Value<?> value = valueOf(directive, name);
    List<String> result = new ArrayList<>();
    if (value == null) {
      return result;
    }
    if (value instanceof StringValue single) {
      result.add(single.getValue());
      return result;
    }
    if (value instanceof ArrayValue list) {
      for (Value<?> item : list.getValues()) {
        if (!(item instanceof StringValue text)) {
          throw new InvalidDirective(
              "@" + directive.getName() + " " + name + " must be a list of strings");
        }
        result.add(text.getValue());
      }
      return result;
    }
    throw new InvalidDirective(
        "@" + directive.getName() + " " + name + " must be a list of strings");
  }

  static String string(Directive directive, String name) throws InvalidDirective {
    Value<?> value = valueOf(directive, name);
    if (value == null) {
      return null;
    }
    if (value instanceof StringValue text) {
      return text.getValue();
    }
    throw new InvalidDirective("@" + directive.getName() + " " + name + " must be a string");
  }

  static Integer integer(Directive directive, String name) throws InvalidDirective {
    Value<?> value = valueOf(directive, name);
    if (value == null) {
      return null;
    }
    if (value instanceof IntValue number) {
      // Clamped, not intValueExact: an ArithmeticException would escape as a crash instead of a
      // SchemaException; a clamped value still fails the caller's range check with a clear message.
      return number
          .getValue()
          .max(java.math.BigInteger.valueOf(Integer.MIN_VALUE))
          .min(java.math.BigInteger.valueOf(Integer.MAX_VALUE))
          .intValue();
    }
    throw new InvalidDirective("@" + directive.getName() + " " + name + " must be a whole number");
  }

  static Value<?> valueOf(Directive directive, String name) {
    Argument argument = directive.getArgument(name);
    return argument == null ? null : argument.getValue();
  }
}
