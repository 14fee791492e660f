package dev.switchboard.subjects.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as the bridge verified it and signed it into the identity envelope. A service
 * gets one from {@link IdentityVerifier#verify(String)}, or from {@code request.identity()} in a
 * responder built with {@code verifyIdentity(verifier)}:
 *
 * <pre>{@code
 * Identity caller = request.identity().orElseThrow(() -> new ServiceException(401, "sign in"));
 * if (!caller.hasRole("admin")) throw new ServiceException(403, "admins only");
 * String tenant = (String) caller.claim("tenant").orElse("public");
 * }</pre>
 *
 * Immutable all the way down: verified identities are cached and shared between requests.
 *
 * @param subject the caller ({@code sub}), never empty
 * @param roles the caller's roles, as the bridge read them from the token
 * @param scopes the caller's OAuth scopes
 * @param claims the token claims the bridge is configured to pass on (e.g. tenant); JSON values
 * @param anonymous true when nobody signed in
 * @param issuedAt when the bridge signed the envelope
 * @param expiresAt when the envelope stops being valid
 */
public record Identity(
    String subject,
    List<String> roles,
    List<String> scopes,
    Map<String, Object> claims,
    boolean anonymous,
    Instant issuedAt,
    Instant expiresAt) {

  public Identity {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    roles = List.copyOf(roles);
    scopes = List.copyOf(scopes);
    claims = frozenMap(claims);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /**
   * A passed-on claim: a String, Number, Boolean, List or Map as in JSON; empty when absent or
   * null.
   */
  public Optional<Object> claim(String name) {
    return Optional.ofNullable(claims.get(name));
  }

  /** Map.copyOf would refuse JSON nulls, and would leave nested lists and maps mutable. */
  private static Map<String, Object> frozenMap(Map<String, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((name, value) -> copy.put(name, frozen(value)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object frozen(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((name, nested) -> copy.put(String.valueOf(name), frozen(nested)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(nested -> copy.add(frozen(nested)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
