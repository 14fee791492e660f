package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.SwitchboardHeaders;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a {@code @natsPublish} mutation: publishes the arguments (or the one named by {@code
 * body}) to the rendered subject and answers with a {@code PublishResult}. A publish with an
 * idempotency key (the argument named by the directive, else the {@code Idempotency-Key} header)
 * carries a {@code Nats-Msg-Id} derived from the caller, the key and the field's response path
 * ({@link MessageIds}); only such stream publishes are retried, since the stream stores a repeated
 * id once. Each publish spends one call of the operation's NATS call budget and is never shared
 * with another.
 */
public final class NatsPublishFetcher implements DataFetcher<CompletableFuture<Object>> {
  private final PublishBinding binding;
  private final CallPipeline pipeline;
  private final int maxNatsCalls;
  private final MessageIds messageIds;

  public NatsPublishFetcher(
      PublishBinding binding, CallPipeline pipeline, int maxNatsCalls, MessageIds messageIds) {
    this.binding = binding;
    this.pipeline = pipeline;
    this.maxNatsCalls = maxNatsCalls;
    this.messageIds = messageIds;
  }

  @Override
  public CompletableFuture<Object> get(DataFetchingEnvironment environment) {
    RequestContext request = environment.getGraphQlContext().get(RequestContext.KEY);
    String subject;
    String messageId;
    try {
      subject = FieldSubjects.render(binding.subject(), environment, request);
      messageId = messageId(environment, request);
    } catch (BridgeException unusable) {
      return CompletableFuture.failedFuture(unusable);
    }
    Object body =
        binding.bodyArgument() != null
            ? environment.getArgument(binding.bodyArgument())
            : environment.getArguments();
    NatsRequest publish = new NatsRequest(subject, Json.bytes(body));
    if (messageId != null) {
      publish =
          publish.withHeaders(Map.of(SwitchboardHeaders.MSG_ID, HeaderValues.encode(messageId)));
    }
    CallContext call =
        FieldCallContexts.of(
            request,
            FieldCallContexts.Site.of(environment),
            binding.coordinate(),
            binding.connection(),
            CallContext.Action.PUBLISH,
            binding.stream(),
            binding.policy(),
            binding.stream() && messageId != null,
            CallContext.OnFailure.DEAD_LETTER);
    return Replies.decodeOnRequestLoop(
        OperationCalls.of(environment, maxNatsCalls).send(pipeline, call, publish),
        environment.getFieldType(),
        binding.coordinate(),
        request);
  }

  private String messageId(DataFetchingEnvironment environment, RequestContext request) {
    String argument = binding.idempotencyArgument();
    Object key = argument != null ? environment.getArgument(argument) : null;
    if (key == null && request.idempotencyKey() == null) {
      return null; // no key, no id: the path is not rendered for nothing
    }
    String path = environment.getExecutionStepInfo().getPath().toString().substring(1);
    if (key != null) {
      return messageIds.fromArgument(argument, key, request.caller(), path);
    }
    return messageIds.fromHeader(request.idempotencyKey(), request.caller(), path);
  }
}
