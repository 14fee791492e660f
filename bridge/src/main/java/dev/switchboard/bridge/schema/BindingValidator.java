package dev.switchboard.bridge.schema;

import dev.switchboard.subjects.Placeholder;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks that a binding's placeholders can have values where the field sits in the schema. */
final class BindingValidator {
  private BindingValidator() {}

  /** @return the reason the binding cannot work, or null when it can */
  static String problem(RequestBinding binding, FieldDefinition field, boolean rootType) {
    // Declaration order (not a HashSet) so the "(it has: ...)" message is the same on every run.
    Set<String> arguments = field.getInputValueDefinitions().stream()
        .map(InputValueDefinition::getName).collect(Collectors.toCollection(LinkedHashSet::new));
    for (Placeholder placeholder : binding.subject().placeholders()) {
      switch (placeholder.source()) {
        case ARGS -> {
          if (!arguments.contains(placeholder.root())) {
            return "subject placeholder " + placeholder + " names no argument of " + field.getName()
                + (arguments.isEmpty() ? " (it has none)" : " (it has: " + String.join(", ", arguments) + ")");
          }
        }
        case PARENT -> {
          if (rootType) {
            return "subject placeholder " + placeholder + " has no parent on a root type; use args.* or claims.*";
          }
        }
        case CLAIMS -> {
          // Claims come from the caller's token at request time; any name may be valid.
        }
      }
    }
    return null;
  }
}
