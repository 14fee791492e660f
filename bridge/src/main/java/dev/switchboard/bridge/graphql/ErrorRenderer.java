package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.logging.LogContext;
import dev.switchboard.subjects.ErrorCode;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.InvalidSyntaxError;
import graphql.SerializationError;
import graphql.UnresolvedTypeError;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.introspection.GoodFaithIntrospection;
import graphql.language.SourceLocation;
import graphql.validation.ValidationError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that shapes errors for clients, whatever made them: a data fetcher's failure, an
 * error graphql-java produced (syntax, validation, coercion, serialization), or a refusal of the
 * whole request by the HTTP, WebSocket or SSE entry. Every error gets {@code extensions.code} and
 * the correlation id; clients get a safe message, and causes go to the log under that id (and, in
 * dev mode only, to {@code extensions.detail}). Every {@code INTERNAL} answer is logged.
 */
public final class ErrorRenderer implements DataFetcherExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorRenderer.class);
  static final String INTERNAL_MESSAGE =
      "Internal error; the bridge's log has the details under this correlation id.";

  /** graphql-java's hook for data fetcher failures. */
  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters parameters) {
    RequestContext request =
        parameters.getDataFetchingEnvironment().getGraphQlContext().get(RequestContext.KEY);
    Throwable failure = Failures.unwrap(parameters.getException());
    List<Object> path = parameters.getPath().toList();
    GraphQLError error =
        fieldError(failure, request, List.of(parameters.getSourceLocation()), path);
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult(error).build());
  }

  /** A field that failed: a known failure keeps its code and message, anything else is INTERNAL. */
  static GraphQLError fieldError(
      Throwable failure,
      RequestContext request,
      List<SourceLocation> locations,
      List<Object> path) {
    String correlationId = request != null ? request.correlationId() : null;
    boolean dev = request != null && request.dev();
    if (failure instanceof BridgeException known) {
      if (log.isDebugEnabled()) {
        try (LogContext scope = scope(request)) {
          log.debug(
              "{} at {} [correlation id {}]: {}",
              known.code(),
              path,
              correlationId,
              known.internalDetail());
        }
      }
      Map<String, Object> extensions = extensions(known.code(), correlationId);
      extensions.putAll(known.extensions());
      if (dev && known.internalDetail() != null) {
        extensions.put("detail", known.internalDetail());
      }
      return new CodedError(known.getMessage(), locations, path, extensions);
    }
    try (LogContext scope = scope(request)) {
      log.error("unexpected failure at {} [correlation id {}]", path, correlationId, failure);
    }
    return internal(correlationId, dev ? String.valueOf(failure) : null, locations, path);
  }

  /** Codes the errors of a result, including those graphql-java made itself. */
  public static List<GraphQLError> resultErrors(
      List<? extends GraphQLError> errors, RequestContext request) {
    if (errors.isEmpty()) {
      return List.of();
    }
    List<GraphQLError> coded = new ArrayList<>(errors.size());
    for (GraphQLError error : errors) {
      coded.add(error instanceof CodedError ? error : resultError(error, request));
    }
    return coded;
  }

  /** An error of the whole request (nothing executed): a code, a safe message, the id. */
  public static GraphQLError requestError(ErrorCode code, String message, String correlationId) {
    return new CodedError(message, List.of(), null, extensions(code, correlationId));
  }

  /** An unexpected failure of the whole request: logged with its cause, answered INTERNAL. */
  public static GraphQLError internalRequestError(
      String what, Throwable cause, String correlationId) {
    log.error("{} [correlation id {}]", what, correlationId, cause);
    return internal(correlationId, null, List.of(), null);
  }

  private static GraphQLError resultError(GraphQLError error, RequestContext request) {
    ErrorCode code = codeOf(error);
    String correlationId = request.correlationId();
    Map<String, Object> extensions = extensions(code, correlationId);
    if (code == ErrorCode.INTERNAL) {
      try (LogContext scope = scope(request)) {
        log.error(
            "graphql-java error at {} [correlation id {}]: {} {}",
            error.getPath(),
            correlationId,
            error.getClass().getName(),
            error.getMessage());
      }
      return internal(
          correlationId,
          request.dev() ? error.getMessage() : null,
          error.getLocations(),
          error.getPath());
    }
    String message = error.getMessage();
    if (code == ErrorCode.BAD_REPLY) {
      message = Replies.BAD_REPLY_MESSAGE;
      if (request.dev()) {
        extensions.put("detail", error.getMessage());
      }
    }
    return new CodedError(message, error.getLocations(), error.getPath(), extensions);
  }

  /**
   * The request's correlation id and trace on the line: field failures are handled on whichever
   * thread completed the fetcher.
   */
  private static LogContext scope(RequestContext request) {
    return request != null
        ? LogContext.of(request.correlationId(), request.trace())
        : LogContext.asIs();
  }

  private static GraphQLError internal(
      String correlationId, String detail, List<SourceLocation> locations, List<Object> path) {
    Map<String, Object> extensions = extensions(ErrorCode.INTERNAL, correlationId);
    if (detail != null) {
      extensions.put("detail", detail);
    }
    return new CodedError(INTERNAL_MESSAGE, locations, path, extensions);
  }

  static ErrorCode codeOf(GraphQLError error) {
    if (error.getExtensions() != null
        && error.getExtensions().get("code") instanceof String named) {
      try {
        return ErrorCode.valueOf(named);
      } catch (IllegalArgumentException unknown) {
        return ErrorCode.INTERNAL;
      }
    }
    if (error instanceof InvalidSyntaxError) {
      return ErrorCode.GRAPHQL_PARSE_FAILED;
    }
    if (error instanceof ValidationError) {
      return ErrorCode.GRAPHQL_VALIDATION_FAILED;
    }
    if (error instanceof GoodFaithIntrospection.BadFaithIntrospectionError) {
      // graphql-java refuses introspection that nests __Type.fields and the like too often
      return ErrorCode.QUERY_TOO_COMPLEX;
    }
    if (error instanceof SerializationError
        || error instanceof UnresolvedTypeError
        || error instanceof NonNullableFieldWasNullError) {
      // a reply that is mistyped, of no known type, or null (or missing) where the schema says
      // non-null: the service broke the field's contract, not the bridge
      return ErrorCode.BAD_REPLY;
    }
    if (error.getErrorType() == ErrorType.ValidationError) {
      // graphql-java reports variables that do not coerce with this classification
      return ErrorCode.BAD_USER_INPUT;
    }
    if (error.getErrorType() == ErrorType.InvalidSyntax) {
      return ErrorCode.GRAPHQL_PARSE_FAILED;
    }
    return ErrorCode.INTERNAL;
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
