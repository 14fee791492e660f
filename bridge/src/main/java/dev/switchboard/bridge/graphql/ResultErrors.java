package dev.switchboard.bridge.graphql;

import dev.switchboard.subjects.ErrorCode;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.InvalidSyntaxError;
import graphql.SerializationError;
import graphql.UnresolvedTypeError;
import graphql.validation.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gives every error in a result a code and the correlation id, including the ones graphql-java
 * makes itself (syntax, validation, variable coercion, reply serialization).
 */
public final class ResultErrors {
  private ResultErrors() {}

  public static List<GraphQLError> coded(
      List<? extends GraphQLError> errors, RequestContext request) {
    if (errors.isEmpty()) {
      return List.of();
    }
    List<GraphQLError> coded = new ArrayList<>(errors.size());
    for (GraphQLError error : errors) {
      coded.add(error instanceof CodedError ? error : code(error, request));
    }
    return coded;
  }

  private static GraphQLError code(GraphQLError error, RequestContext request) {
    ErrorCode code = codeOf(error);
    String message = error.getMessage();
    Map<String, Object> extensions = ErrorMapper.extensions(code, request.correlationId());
    if (code == ErrorCode.BAD_REPLY) {
      message = Replies.BAD_REPLY_MESSAGE;
      if (request.dev()) {
        extensions.put("detail", error.getMessage());
      }
    } else if (code == ErrorCode.INTERNAL) {
      message = ErrorMapper.INTERNAL_MESSAGE;
    }
    return new CodedError(message, error.getLocations(), error.getPath(), extensions);
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
    if (error instanceof SerializationError || error instanceof UnresolvedTypeError) {
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
}
