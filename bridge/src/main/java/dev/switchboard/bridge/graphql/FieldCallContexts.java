package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import graphql.execution.ResultPath;
import graphql.schema.DataFetchingEnvironment;

/** Describes a field's NATS call for the pipeline: who asks, for which field, with what policy. */
final class FieldCallContexts {
  private FieldCallContexts() {}

  static CallContext of(
      RequestContext request,
      DataFetchingEnvironment environment,
      String coordinate,
      String connection,
      CallContext.Action action,
      boolean jetStream,
      CallContext.CallPolicy policy,
      boolean retryable,
      CallContext.OnFailure onFailure) {
    return of(
        request,
        environment.getOperationDefinition().getName(),
        environment.getExecutionStepInfo().getPath(),
        coordinate,
        connection,
        action,
        jetStream,
        policy,
        retryable,
        onFailure);
  }

  /** The same, from the operation's name and the field's result path. */
  static CallContext of(
      RequestContext request,
      String operationName,
      ResultPath path,
      String coordinate,
      String connection,
      CallContext.Action action,
      boolean jetStream,
      CallContext.CallPolicy policy,
      boolean retryable,
      CallContext.OnFailure onFailure) {
    return new CallContext(
        request.correlationId(),
        operationName,
        path.toString().substring(1),
        coordinate,
        request.trace(),
        request.traceState(),
        request.caller(),
        action,
        jetStream,
        policy,
        retryable,
        connection,
        onFailure);
  }
}
