package dev.switchboard.bridge.authz;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The first interceptor of every call when authorization is on: the rendered subject must be within
 * the caller's permissions for the call's action, or the call fails with {@code FORBIDDEN} and
 * nothing is sent.
 */
public final class AuthorizationInterceptor implements Interceptor {
  private final Authorizer authorizer;

  public AuthorizationInterceptor(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    Caller caller = chain.call().caller();
    String subject = chain.request().subject();
    if (!authorizer.allows(caller, chain.call().action(), subject)) {
      return CompletableFuture.failedFuture(
          forbidden(caller, chain.call().action().name(), subject));
    }
    return chain.proceed(chain.request());
  }

  /** The failure for a refused subject; the public message never names the subject. */
  public static BridgeException forbidden(Caller caller, String action, String subject) {
    return new BridgeException(
        ErrorCode.FORBIDDEN,
        "You are not allowed to use this field.",
        Map.of(),
        caller + " may not " + action.toLowerCase(Locale.ROOT) + " " + subject,
        null);
  }

  @Override
  public String toString() {
    return "authorization";
  }
}
