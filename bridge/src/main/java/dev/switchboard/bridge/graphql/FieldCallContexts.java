package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.CallContext;
import graphql.execution.ResultPath;
import graphql.schema.DataFetchingEnvironment;

/** Describes a field's NATS call for the pipeline: who asks, for which field, with what policy. */
final class FieldCallContexts {
  private FieldCallContexts() {}

  /** Where in an operation a call is made: the operation's name and the field's result path. */
  record Site(String operationName, ResultPath path) {
    static Site of(DataFetchingEnvironment environment) {
      return new Site(
          environment.getOperationDefinition().getName(),
          environment.getExecutionStepInfo().getPath());
    }
  }

  static CallContext of(
      RequestContext request,
      Site site,
      String coordinate,
      String connection,
      CallContext.Action action,
      boolean jetStream,
      CallContext.CallPolicy policy,
      boolean retryable,
      CallContext.OnFailure onFailure) {
    return new CallContext(
        request.correlationId(),
        site.operationName(),
        site.path().toString().substring(1),
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
