package dev.switchboard.bridge.audit;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallListener;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.subjects.ErrorCode;

/**
 * Records each subscription start (or refusal) like a call: who subscribed to what, and the
 * outcome.
 */
public final class SubscriptionAudit {
  private final CallListener listener;

  public SubscriptionAudit(CallListener listener) {
    this.listener = listener;
  }

  /**
   * @param outcome null when the subscription started
   */
  public void subscribed(CallContext call, String subject, ErrorCode outcome) {
    listener.callEnd(
        call, new NatsRequest(subject, new byte[0]), outcome, outcome == null ? 1 : 0, 0);
  }
}
