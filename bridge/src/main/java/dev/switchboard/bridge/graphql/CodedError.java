package dev.switchboard.bridge.graphql;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * A GraphQL error as clients see it: message, locations, path, and extensions with {@code code} and
 * {@code correlationId}. No classification noise, no exception text.
 */
record CodedError(
    String message,
    List<SourceLocation> locations,
    List<Object> path,
    Map<String, Object> extensions)
    implements GraphQLError {

  @Override
  public String getMessage() {
    return message;
  }

  @Override
  public List<SourceLocation> getLocations() {
    return locations;
  }

  @Override
  public List<Object> getPath() {
    return path;
  }

  @Override
  public Map<String, Object> getExtensions() {
    return extensions;
  }

  @Override
  public ErrorClassification getErrorType() {
    return null;
  }
}
