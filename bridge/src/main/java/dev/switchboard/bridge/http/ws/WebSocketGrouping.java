package dev.switchboard.bridge.http.ws;

import dev.switchboard.bridge.documents.DocumentIds;
import dev.switchboard.bridge.graphql.GroupKey;
import dev.switchboard.bridge.graphql.GroupedExecution;
import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.http.ExecutionContexts;
import dev.switchboard.bridge.telemetry.ServerSpan;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A graphql-transport-ws subscription as a member of a group: the group's payload is encoded once
 * and spliced into this subscription's {@code next} frame (only the id differs between sockets).
 * {@code socket} is the one to write to (not the guarded view: see {@link GuardedSocket#unwrap}).
 */
final class WebSocketGrouping {
  private WebSocketGrouping() {}

  static GroupedExecution of(
      GraphQL graphQL,
      ServerWebSocket socket,
      JsonObject subscribe,
      RequestContext request,
      ServerSpan span) {
    JsonObject payload = subscribe.getJsonObject("payload", new JsonObject());
    Object query = payload.getValue("query");
    String operationName = payload.getValue("operationName") instanceof String name ? name : null;
    Map<String, Object> variables = mapOf(payload.getValue("variables"));
    Map<String, Object> extensions = mapOf(payload.getValue("extensions"));
    GroupKey key =
        GroupKey.of(
            graphQL,
            query,
            payload.getValue("documentId"),
            operationName,
            variables,
            extensions,
            request);
    NextFrame frame = new NextFrame(subscribe.getValue("id"));
    return new GroupedExecution(
        key,
        encoded -> frame.write(socket, encoded),
        group -> {
          // the same input Vert.x builds from the subscribe message, in the group's context
          ExecutionInput.Builder input =
              ExecutionInput.newExecutionInput()
                  // no text: graphql-java's marker, the document is found by its id or hash
                  .query(
                      query instanceof String text
                          ? text
                          : PersistedQuerySupport.PERSISTED_QUERY_MARKER)
                  .operationName(operationName)
                  .variables(variables)
                  .extensions(extensions)
                  .graphQLContext(ExecutionContexts.of(group, span))
                  .root(null);
          DocumentIds.fromSubscribe(subscribe, input);
          return graphQL.executeAsync(input);
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapOf(Object value) {
    if (value instanceof JsonObject object) {
      return object.getMap();
    }
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
