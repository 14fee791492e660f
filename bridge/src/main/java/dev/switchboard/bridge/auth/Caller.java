package dev.switchboard.bridge.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is asking: a verified token's subject, roles, scopes and claims, or an anonymous caller with
 * the anonymous role. One instance per token, cached with it, so per-caller work (compiled subject
 * permissions, the signed identity envelope) is done once per token, not per request.
 */
public final class Caller {
  private final String subject;
  private final boolean anonymous;
  private final List<String> roles;
  private final Set<String> scopes;
  private final Map<String, Object> claims;
  private final Instant expiresAt;
  private final String token;

  /** Per-caller caches, owned by the components that fill them. */
  private volatile Object permissions;

  private volatile Object envelope;

  Caller(
      String subject,
      boolean anonymous,
      List<String> roles,
      Set<String> scopes,
      Map<String, Object> claims,
      Instant expiresAt,
      String token) {
    this.subject = subject;
    this.anonymous = anonymous;
    this.roles = List.copyOf(roles);
    this.scopes = Set.copyOf(scopes);
    this.claims = claims;
    this.expiresAt = expiresAt;
    this.token = token;
  }

  /** A caller without a token, in the given role (no claims, no scopes). */
  public static Caller anonymous(String role) {
    return new Caller("anonymous", true, List.of(role), Set.of(), Map.of(), null, null);
  }

  public String subject() {
    return subject;
  }

  public boolean isAnonymous() {
    return anonymous;
  }

  public List<String> roles() {
    return roles;
  }

  public Set<String> scopes() {
    return scopes;
  }

  /** The token's claims (nested objects as maps); empty for anonymous callers. */
  public Map<String, Object> claims() {
    return claims;
  }

  /** When the token expires; null for anonymous callers. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The raw bearer token (for forwarding when configured); null for anonymous callers. */
  public String token() {
    return token;
  }

  public Object permissionsCache() {
    return permissions;
  }

  public void permissionsCache(Object value) {
    this.permissions = value;
  }

  public Object envelopeCache() {
    return envelope;
  }

  public void envelopeCache(Object value) {
    this.envelope = value;
  }

  @Override
  public String toString() {
    return anonymous ? "anonymous" + roles : subject + roles;
  }
}
