package dev.switchboard.bridge.identity;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.subjects.SwitchboardHeaders;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Puts the signed identity envelope (and, when configured, the caller's original token) on every
 * attempt.
 */
public final class IdentityInterceptor implements Interceptor {
  private final IdentitySigner signer;
  private final boolean forwardToken;

  public IdentityInterceptor(IdentitySigner signer, boolean forwardToken) {
    this.signer = signer;
    this.forwardToken = forwardToken;
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    Caller caller = chain.call().caller();
    String envelope = signer.envelopeFor(caller);
    Map<String, String> headers =
        forwardToken && caller.token() != null
            ? Map.of(
                SwitchboardHeaders.IDENTITY, envelope, SwitchboardHeaders.TOKEN, caller.token())
            : Map.of(SwitchboardHeaders.IDENTITY, envelope);
    return chain.proceed(chain.request().withHeaders(headers));
  }

  @Override
  public String toString() {
    return "identity";
  }
}
