package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a field needs from its caller, from {@code @authenticated} and {@code @requiresScopes} on
 * the field and on the type it returns. Each scope requirement is an OR of ANDs (any inner list,
 * all of it); several requirements (field and type) must all hold.
 *
 * @param authenticated a signed-in caller is needed
 * @param scopes every requirement must be met by the caller's scopes
 */
public record FieldGuard(boolean authenticated, List<List<List<String>>> scopes) {

  public FieldGuard {
    scopes = List.copyOf(scopes);
  }

  public boolean isEmpty() {
    return !authenticated && scopes.isEmpty();
  }

  public FieldGuard and(FieldGuard other) {
    List<List<List<String>>> all = new ArrayList<>(scopes);
    all.addAll(other.scopes);
    return new FieldGuard(authenticated || other.authenticated, all);
  }

  /**
   * @return null when the caller may see the field, else the failure to report for it
   */
  BridgeException check(Caller caller) {
    boolean needsSignIn = authenticated || !scopes.isEmpty();
    if (needsSignIn && caller.isAnonymous()) {
      return new BridgeException(ErrorCode.UNAUTHENTICATED, "Sign in to see this field.");
    }
    for (List<List<String>> requirement : scopes) {
      boolean met = requirement.stream().anyMatch(all -> caller.scopes().containsAll(all));
      if (!met) {
        return new BridgeException(
            ErrorCode.FORBIDDEN, "This field needs the scope(s) " + describe(requirement) + ".");
      }
    }
    return null;
  }

  private static String describe(List<List<String>> requirement) {
    return requirement.stream()
        .map(all -> String.join(" and ", all))
        .collect(Collectors.joining(", or "));
  }
}
