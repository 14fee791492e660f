package dev.switchboard.bridge.schema;

import dev.switchboard.subjects.Placeholder;
import dev.switchboard.subjects.SubjectTemplate;
import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import java.util.List;

/** Checks that a binding's placeholders can have values where the field sits in the schema. */
final class BindingValidator {
  private BindingValidator() {}

  /**
   * @return the reason the templates cannot work on this field, or null when they can
   */
  static String problem(List<SubjectTemplate> templates, FieldDefinition field, boolean rootType) {
    return problem("subject", templates, field, rootType);
  }

  /**
   * @param what the directive argument the templates come from, for messages
   */
  static String problem(
      String what, List<SubjectTemplate> templates, FieldDefinition field, boolean rootType) {
    // Declaration order, so messages read the same on every run.
    List<String> arguments =
        field.getInputValueDefinitions().stream().map(InputValueDefinition::getName).toList();
    for (SubjectTemplate template : templates) {
      for (Placeholder placeholder : template.placeholders()) {
        switch (placeholder.source()) {
          case ARGS -> {
            if (!arguments.contains(placeholder.root())) {
              return what
                  + " placeholder "
                  + placeholder
                  + " names no argument of "
                  + field.getName()
                  + (arguments.isEmpty()
                      ? " (it has none)"
                      : " (it has: " + String.join(", ", arguments) + ")");
            }
          }
          case PARENT -> {
            if (rootType) {
              return what
                  + " placeholder "
                  + placeholder
                  + " has no parent on a root type; use args.* or claims.*";
            }
          }
          case CLAIMS -> {
            // Claims come from the caller's token at request time; any name may be valid.
          }
        }
      }
    }
    return null;
  }
}
