package dev.switchboard.bridge.http;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.OperationDefinition;

/** Picks the operation a request runs, before execution, so the HTTP layer can check its kind. */
final class Operations {
  private Operations() {}

  static OperationDefinition select(Document document, String operationName)
      throws BadRequestException {
    OperationDefinition found = null;
    int count = 0;
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof OperationDefinition operation) {
        count++;
        if (operationName == null || operationName.equals(operation.getName())) {
          found = operation;
        }
      }
    }
    if (operationName == null && count > 1) {
      throw new BadRequestException(
          400, "The document has several operations; say which one with 'operationName'.");
    }
    if (found == null) {
      throw new BadRequestException(
          400,
          operationName == null
              ? "The document has no operation."
              : "The document has no operation named '" + operationName + "'.");
    }
    return found;
  }
}
