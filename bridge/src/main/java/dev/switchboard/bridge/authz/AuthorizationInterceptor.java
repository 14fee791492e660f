package dev.switchboard.bridge.authz;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.config.AuthorizationConfig;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The first interceptor of every call when authorization is on: the rendered subject must be within
 * the caller's permissions for the call's action, or the call fails with {@code FORBIDDEN} and nothing
 * is sent. Permissions are compiled once per caller (that is, per token) and kept with it.
 */
public final class AuthorizationInterceptor implements Interceptor {
  private final PermissionCompiler compiler;

  public AuthorizationInterceptor(AuthorizationConfig config) {
    this.compiler = new PermissionCompiler(config);
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    Caller caller = chain.call().caller();
    String subject = chain.request().subject();
    if (!permissionsOf(caller).allows(chain.call().action(), subject)) {
      return CompletableFuture.failedFuture(new BridgeException(ErrorCode.FORBIDDEN,
          "You are not allowed to use this field.", Map.of(),
          caller + " may not " + chain.call().action().name().toLowerCase(java.util.Locale.ROOT) + " " + subject, null));
    }
    return chain.proceed(chain.request());
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

  @Override
  public String toString() {
    return "authorization";
  }
}
