package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.RenderException;
import dev.switchboard.subjects.SubjectTemplate;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLOutputType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What every NATS-backed field does around its call: render the subject, describe the call, run it,
 * decode.
 */
final class FieldCalls {
  private FieldCalls() {}

  /**
   * @throws BridgeException {@code BAD_USER_INPUT} when a value cannot be exactly one token;
   *     nothing is sent
   */
  static String render(
      SubjectTemplate template, DataFetchingEnvironment environment, RequestContext request) {
    try {
      return template.render(p -> PlaceholderValues.lookup(p, environment, request));
    } catch (RenderException unsafe) {
      throw new BridgeException(
          ErrorCode.BAD_USER_INPUT,
          unsafe.getMessage(),
          Map.of("placeholder", unsafe.placeholder().expression()),
          null,
          null);
    }
  }

  static CallContext call(
      RequestContext request,
      DataFetchingEnvironment environment,
      String coordinate,
      CallContext.Action action,
      boolean jetStream,
      CallContext.CallPolicy policy,
      boolean retryable) {
    return new CallContext(
        request.correlationId(),
        environment.getOperationDefinition().getName(),
        environment.getExecutionStepInfo().getPath().toString().substring(1),
        coordinate,
        request.trace(),
        request.traceState(),
        request.caller(),
        action,
        jetStream,
        policy,
        retryable);
  }

  /** Runs the call and completes with the decoded reply on the request's own event loop. */
  static CompletableFuture<Object> execute(
      CallPipeline pipeline,
      CallContext call,
      NatsRequest natsRequest,
      DataFetchingEnvironment environment,
      RequestContext request) {
    GraphQLOutputType type = environment.getFieldType();
    CompletableFuture<Object> value = new CompletableFuture<>();
    pipeline
        .execute(call, natsRequest)
        .whenComplete(
            (reply, error) ->
                request
                    .resultExecutor()
                    .execute(
                        () -> {
                          if (error != null) {
                            value.completeExceptionally(Failures.unwrap(error));
                            return;
                          }
                          try {
                            value.complete(
                                Replies.decode(reply.body(), type, call.fieldCoordinate()));
                          } catch (BridgeException badReply) {
                            value.completeExceptionally(badReply);
                          }
                        }));
    return value;
  }
}
