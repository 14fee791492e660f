package dev.switchboard.bridge.authz;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.CallContext.Action;
import dev.switchboard.bridge.config.AuthorizationConfig;

/**
 * Decides whether a caller may use a subject for an action. Off (everything allowed) unless {@code
 * authorization} is configured; then default deny, deny wins. A caller's permissions are compiled
 * once per token and kept with the caller, marked with the rules they came from, so a reload
 * ({@link #replace}) makes every caller's permissions compile again from the new rules.
 */
public final class Authorizer {
  private volatile PermissionCompiler compiler;

  private Authorizer(PermissionCompiler compiler) {
    this.compiler = compiler;
  }

  public static Authorizer of(AuthorizationConfig config) {
    return new Authorizer(compilerFor(config));
  }

  private static PermissionCompiler compilerFor(AuthorizationConfig config) {
    return config.enabled() ? new PermissionCompiler(config) : null;
  }

  /** The reloaded rules, for every call from now on (calls already past the check keep going). */
  public void replace(AuthorizationConfig config) {
    compiler = compilerFor(config);
  }

  public boolean enabled() {
    return compiler != null;
  }

  public boolean allows(Caller caller, Action action, String subject) {
    PermissionCompiler current = compiler;
    return current == null || permissionsOf(caller, current).allows(action, subject);
  }

  Permissions permissionsOf(Caller caller) {
    return permissionsOf(caller, compiler);
  }

  private static Permissions permissionsOf(Caller caller, PermissionCompiler current) {
    if (caller.permissionsCache() instanceof Compiled cached && cached.by() == current) {
      return cached.permissions();
    }
    Permissions permissions = current.compile(caller);
    caller.permissionsCache(new Compiled(current, permissions));
    return permissions;
  }

  /** A caller's permissions and the rules they were compiled from. */
  private record Compiled(PermissionCompiler by, Permissions permissions) {}
}
