package dev.switchboard.bridge;

import dev.switchboard.bridge.audit.AuditListener;
import dev.switchboard.bridge.authz.AuthorizationInterceptor;
import dev.switchboard.bridge.authz.Authorizer;
import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.LoggingCallListener;
import dev.switchboard.bridge.chain.WheelScheduler;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.deadletters.DeadLetters;
import dev.switchboard.bridge.graphql.MessageIds;
import dev.switchboard.bridge.graphql.NatsFetchers;
import dev.switchboard.bridge.identity.IdentityInterceptor;
import dev.switchboard.bridge.identity.IdentitySigner;
import dev.switchboard.bridge.identity.JwksPublisher;
import dev.switchboard.bridge.metrics.CallMetrics;
import dev.switchboard.bridge.metrics.CurrentSpan;
import dev.switchboard.bridge.nats.NatsTransport;
import dev.switchboard.bridge.subscriptions.Subscriptions;
import dev.switchboard.bridge.telemetry.Tracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;

/**
 * The call pipeline as the config asks for it (listeners, retry, the authorization and identity
 * interceptors), and what the fetchers and routes share with it.
 *
 * @param signer signs identity envelopes, when they are on (a reload changes its keys)
 * @param jwks the identity signer's public keys, when identity envelopes are on
 */
record ConfiguredCalls(
    CallPipeline pipeline,
    Authorizer authorizer,
    AuditListener audit,
    Optional<IdentitySigner> signer,
    Optional<JwksPublisher> jwks) {

  static ConfiguredCalls assemble(
      BridgeConfig config,
      NatsTransport transport,
      WheelScheduler scheduler,
      PrometheusMeterRegistry metrics,
      CurrentSpan exemplars,
      Tracing tracing,
      Optional<DeadLetters> deadLetters)
      throws IOException {
    AuditListener audit = new AuditListener();
    Authorizer authorizer = Authorizer.of(config.authorization());
    CallPipeline.Builder pipeline =
        CallPipeline.builder(transport, scheduler)
            .addListener(new LoggingCallListener())
            .addListener(audit)
            .addListener(new CallMetrics(metrics, exemplars))
            .retry(
                config.requests().retry().backoff(),
                config.requests().retry().maxBackoff(),
                config.requests().retry().budgetRatio(),
                config.requests().retry().minPerSecond());
    // always in the chain: a reload may turn authorization on (it lets everything through while
    // off)
    pipeline.addCallInterceptor(new AuthorizationInterceptor(authorizer));
    // after authorization: a refused call sent nothing, so it is no dead letter
    deadLetters.map(DeadLetters::interceptor).ifPresent(pipeline::addCallInterceptor);
    // first after the contract headers: the span's context becomes the message's traceparent
    tracing.attempts().ifPresent(pipeline::addAttemptInterceptor);
    Optional<JwksPublisher> jwks = Optional.empty();
    Optional<IdentitySigner> signing = Optional.empty();
    if (config.identity().enabledWith(config.auth())) {
      IdentitySigner signer = IdentitySigner.create(config.identity());
      pipeline.addAttemptInterceptor(
          new IdentityInterceptor(signer, config.identity().forwardToken()));
      jwks = Optional.of(new JwksPublisher(signer, config.identity().jwksSubject()));
      signing = Optional.of(signer);
    }
    return new ConfiguredCalls(pipeline.build(), authorizer, audit, signing, jwks);
  }

  /** What the schema's bound fields fetch through: this pipeline, within the configured limits. */
  NatsFetchers fetchers(BridgeConfig config, Subscriptions subscriptions) {
    return new NatsFetchers(
        pipeline,
        subscriptions,
        // opening a subscription gets the default deadline; it is never retried
        new CallContext.CallPolicy(config.requests().timeout(), 0),
        config.limits().maxNatsCalls(),
        MessageIds.from(config.requests()));
  }
}
