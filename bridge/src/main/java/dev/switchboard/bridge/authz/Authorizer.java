package dev.switchboard.bridge.authz;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.CallContext.Action;
import dev.switchboard.bridge.config.AuthorizationConfig;

/**
 * Decides whether a caller may use a subject for an action. Off (everything allowed) unless {@code
 * authorization} is configured; then default deny, deny wins. A caller's permissions are compiled
 * once and kept with the caller (that is, per token).
 */
public final class Authorizer {
  private final PermissionCompiler compiler;

  private Authorizer(PermissionCompiler compiler) {
    this.compiler = compiler;
  }

  public static Authorizer of(AuthorizationConfig config) {
    return new Authorizer(config.enabled() ? new PermissionCompiler(config) : null);
  }

  public boolean enabled() {
    return compiler != null;
  }

  public boolean allows(Caller caller, Action action, String subject) {
    return compiler == null || permissionsOf(caller).allows(action, subject);
  }

  Permissions permissionsOf(Caller caller) {
    Object cached = caller.permissionsCache();
    if (cached instanceof Permissions permissions) {
      return permissions;
    }
    Permissions permissions = compiler.compile(caller);
    caller.permissionsCache(permissions);
    return permissions;
  }
}
