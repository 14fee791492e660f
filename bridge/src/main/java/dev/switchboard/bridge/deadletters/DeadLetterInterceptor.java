package dev.switchboard.bridge.deadletters;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.subjects.ErrorCode;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Records a mutation or publish that finally failed (after retries and the deadline) on the
 * dead-letter stream. Call-scoped, after authorization: a call refused before anything was sent
 * never reaches the transport, so it is never a dead letter. Only failures that lost the message
 * count: nobody answered ({@code SERVICE_UNAVAILABLE}: no responders, no stream, NATS down), no
 * answer in time ({@code TIMEOUT}), and a stream that refused a publish. A service that answered
 * with an error, or a reply that could not be read, was delivered.
 */
final class DeadLetterInterceptor implements Interceptor {
  private final DeadLetterWriter writer;

  DeadLetterInterceptor(DeadLetterWriter writer) {
    this.writer = writer;
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    CompletionStage<NatsReply> outcome = chain.proceed(chain.request());
    if (chain.call().onFailure() != CallContext.OnFailure.DEAD_LETTER) {
      return outcome;
    }
    return outcome.whenComplete(
        (reply, error) -> {
          if (error == null) {
            return;
          }
          ErrorCode code = Failures.codeOf(error);
          if (lost(code, chain.call())) {
            chain
                .lastSent()
                .ifPresent(sent -> writer.write(chain.call(), sent, code, Instant.now()));
          }
        });
  }

  private static boolean lost(ErrorCode code, CallContext call) {
    return code == ErrorCode.SERVICE_UNAVAILABLE
        || code == ErrorCode.TIMEOUT
        || (code == ErrorCode.SERVICE_ERROR
            && call.action() == CallContext.Action.PUBLISH
            && call.jetStream());
  }

  @Override
  public String toString() {
    return "dead-letters";
  }
}
