package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import graphql.schema.GraphQLType;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Turns a reply body into a field value, or a {@code BAD_REPLY} failure. */
final class Replies {
  static final String BAD_REPLY_MESSAGE = "The service's reply does not fit this field.";

  private Replies() {}

  /**
   * Completes with the reply decoded against the field's own type, on the request's own event loop
   * (never the NATS client's thread). A reply shared by several fields is decoded by each.
   */
  static CompletableFuture<Object> decodeOnRequestLoop(
      CompletionStage<NatsReply> reply,
      GraphQLType type,
      String coordinate,
      RequestContext request) {
    return onRequestLoop(
        reply,
        request,
        received ->
            received.value() != null
                ? checked(received.value(), type, coordinate)
                : decode(received.body(), type, coordinate));
  }

  /** Turns a reply into a value, or refuses it with a coded error ({@code BAD_REPLY}). */
  @FunctionalInterface
  interface Decoder<T> {
    T decode(NatsReply reply);
  }

  /** Completes with the reply's body decoded on the request's own event loop. */
  static <T> CompletableFuture<T> onRequestLoop(
      CompletionStage<NatsReply> reply, RequestContext request, Decoder<T> decoder) {
    CompletableFuture<T> value = new CompletableFuture<>();
    reply.whenComplete(
        (received, error) ->
            request
                .resultExecutor()
                .execute(
                    () -> {
                      if (error != null) {
                        value.completeExceptionally(Failures.unwrap(error));
                        return;
                      }
                      try {
                        value.complete(decoder.decode(received));
                      } catch (BridgeException badReply) {
                        value.completeExceptionally(badReply);
                      }
                    }));
    return value;
  }

  static Object decode(byte[] body, GraphQLType type, String coordinate) {
    Object value;
    try {
      value = Json.parse(body);
    } catch (IOException notJson) {
      throw badReply(coordinate, body.length == 0 ? "the reply is empty" : "the reply is not JSON");
    }
    return checked(value, type, coordinate);
  }

  /** The value when its JSON shape fits the field's type; else {@code BAD_REPLY}. */
  private static Object checked(Object value, GraphQLType type, String coordinate) {
    String problem = ReplyShape.mismatch(value, type);
    if (problem != null) {
      throw badReply(coordinate, problem);
    }
    return value;
  }

  static BridgeException badReply(String coordinate, String detail) {
    return new BridgeException(
        ErrorCode.BAD_REPLY, BAD_REPLY_MESSAGE, Map.of(), coordinate + ": " + detail, null);
  }
}
