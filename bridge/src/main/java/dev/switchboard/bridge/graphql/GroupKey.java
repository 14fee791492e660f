package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.auth.Caller;
import java.util.List;
import java.util.Map;

/**
 * What a subscription's execution can depend on, besides its subjects: the engine (a reload makes a
 * new one), the document as sent (text, or id), the operation, the variables and extensions, and
 * who asks. Guards, permissions, templates and the identity envelope read the caller, so the caller
 * is compared as a whole: by token (the same token, the same claims, roles and scopes); all
 * anonymous callers of one role share; a caller without a token is only ever equal to itself.
 * Structural equality: maps compare by content, in any order.
 */
public record GroupKey(
    Object engine,
    Object document,
    Object documentId,
    String operationName,
    Map<String, Object> variables,
    Map<String, Object> extensions,
    Object caller,
    boolean dev) {

  public static GroupKey of(
      Object engine,
      Object document,
      Object documentId,
      String operationName,
      Map<String, Object> variables,
      Map<String, Object> extensions,
      RequestContext request) {
    return new GroupKey(
        engine,
        document,
        documentId,
        operationName,
        variables == null ? Map.of() : variables,
        extensions == null ? Map.of() : extensions,
        callerOf(request.caller()),
        request.dev());
  }

  private static Object callerOf(Caller caller) {
    if (caller.isAnonymous()) {
      return List.of("anonymous", caller.roles());
    }
    if (caller.token() != null) {
      return List.of("token", caller.token());
    }
    return caller;
  }
}
