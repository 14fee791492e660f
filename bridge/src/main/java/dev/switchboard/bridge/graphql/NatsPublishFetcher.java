package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.schema.PublishBinding;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.SwitchboardHeaders;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Resolves a {@code @natsPublish} mutation: publishes the arguments (or the one named by {@code
 * body}) to the rendered subject and answers with a {@code PublishResult}. A stream publish carries
 * {@code Nats-Msg-Id} from the idempotency argument, or from the {@code Idempotency-Key} header
 * (plus the field's response path, so two publishes in one request stay distinct); only such
 * publishes are retried, since the stream stores a repeated id once. Each publish spends one call
 * of the operation's NATS call budget and is never shared with another.
 */
public final class NatsPublishFetcher implements DataFetcher<CompletableFuture<Object>> {
  /** JetStream de-duplicates on this header; keep it short enough for any stream's limits. */
  private static final int LONGEST_MSG_ID = 256;

  private final PublishBinding binding;
  private final CallPipeline pipeline;
  private final int maxNatsCalls;

  public NatsPublishFetcher(PublishBinding binding, CallPipeline pipeline, int maxNatsCalls) {
    this.binding = binding;
    this.pipeline = pipeline;
    this.maxNatsCalls = maxNatsCalls;
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
            environment,
            binding.coordinate(),
            CallContext.Action.PUBLISH,
            binding.stream(),
            binding.policy(),
            binding.stream() && messageId != null);
    return Replies.decodeOnRequestLoop(
        OperationCalls.of(environment, maxNatsCalls).send(pipeline, call, publish),
        environment.getFieldType(),
        binding.coordinate(),
        request);
  }

  private String messageId(DataFetchingEnvironment environment, RequestContext request) {
    String id = null;
    if (binding.idempotencyArgument() != null
        && environment.getArgument(binding.idempotencyArgument()) != null) {
      id = environment.getArgument(binding.idempotencyArgument()).toString();
    } else if (request.idempotencyKey() != null) {
      id =
          request.idempotencyKey()
              + ":"
              + environment.getExecutionStepInfo().getPath().toString().substring(1);
    }
    if (id != null && (id.isBlank() || id.length() > LONGEST_MSG_ID)) {
      throw new BridgeException(
          ErrorCode.BAD_USER_INPUT,
          "The idempotency key must be 1 to " + LONGEST_MSG_ID + " characters.");
    }
    return id;
  }
}
