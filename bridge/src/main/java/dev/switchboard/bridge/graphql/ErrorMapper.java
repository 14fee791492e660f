package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import graphql.GraphQLError;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.language.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become GraphQL errors. Clients get the code, a safe message and the
 * correlation id; causes and internal detail go to the log under that id (and, in dev mode only, to
 * {@code extensions.detail}).
 */
public final class ErrorMapper implements DataFetcherExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
  static final String INTERNAL_MESSAGE =
      "Internal error; the bridge's log has the details under this correlation id.";

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters parameters) {
    RequestContext request =
        parameters.getDataFetchingEnvironment().getGraphQlContext().get(RequestContext.KEY);
    Throwable failure = Failures.unwrap(parameters.getException());
    List<Object> path = parameters.getPath().toList();
    GraphQLError error = toError(failure, request, List.of(parameters.getSourceLocation()), path);
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult(error).build());
  }

  static GraphQLError toError(
      Throwable failure,
      RequestContext request,
      List<SourceLocation> locations,
      List<Object> path) {
    String correlationId = request != null ? request.correlationId() : null;
    boolean dev = request != null && request.dev();
    if (failure instanceof BridgeException known) {
      log.debug(
          "{} at {} [correlation id {}]: {}",
          known.code(),
          path,
          correlationId,
          known.internalDetail());
      Map<String, Object> extensions = extensions(known.code(), correlationId);
      extensions.putAll(known.extensions());
      if (dev && known.internalDetail() != null) {
        extensions.put("detail", known.internalDetail());
      }
      return new CodedError(known.getMessage(), locations, path, extensions);
    }
    log.error("unexpected failure at {} [correlation id {}]", path, correlationId, failure);
    Map<String, Object> extensions = extensions(ErrorCode.INTERNAL, correlationId);
    if (dev) {
      extensions.put("detail", String.valueOf(failure));
    }
    return new CodedError(INTERNAL_MESSAGE, locations, path, extensions);
  }

  static Map<String, Object> extensions(ErrorCode code, String correlationId) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("code", code.name());
    if (correlationId != null) {
      extensions.put("correlationId", correlationId);
    }
    return extensions;
  }
}
