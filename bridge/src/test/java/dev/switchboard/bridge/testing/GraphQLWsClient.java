package dev.switchboard.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A graphql-transport-ws client on the JDK's WebSocket, one JSON message at a time: what it sends
 * is exactly what the test wrote, what it receives is queued for the test to take in order.
 */
public final class GraphQLWsClient implements WebSocket.Listener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** Added to each received message: {@link System#nanoTime()} when it arrived. */
  public static final String RECEIVED_NANOS = "receivedNanos";

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  /** How the socket ended: the close frame's code and reason, or -1 when the connection dropped. */
  public record Closed(int code, String reason) {}

  private GraphQLWsClient() {}

  public static GraphQLWsClient connect(TestBridge bridge) {
    return connect(bridge, Map.of());
  }

  /**
   * Opens {@code ws://.../graphql} with subprotocol graphql-transport-ws and these extra headers.
   */
  public static GraphQLWsClient connect(TestBridge bridge, Map<String, String> headers) {
    return connect(bridge, headers, "graphql-transport-ws");
  }

  /** Opens {@code ws://.../graphql} offering these sub-protocols (none: the header is left out). */
  public static GraphQLWsClient connect(
      TestBridge bridge, Map<String, String> headers, String... protocols) {
    GraphQLWsClient client = new GraphQLWsClient();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (protocols.length > 0) {
      builder.subprotocols(protocols[0], Arrays.copyOfRange(protocols, 1, protocols.length));
    }
    headers.forEach(builder::header);
    client.socket =
        builder
            .buildAsync(URI.create("ws://127.0.0.1:" + bridge.port() + "/graphql"), client)
            .join();
    return client;
  }

  /** connection_init with this payload, then waits for connection_ack. */
  public GraphQLWsClient init(Map<String, ?> payload) {
    send(Map.of("type", "connection_init", "payload", payload));
    JsonNode ack = next();
    if (!"connection_ack".equals(ack.path("type").asText())) {
      throw new AssertionError("expected connection_ack, got " + ack);
    }
    return this;
  }

  public void subscribe(String id, String query, Map<String, ?> variables) {
    send(
        Map.of(
            "id",
            id,
            "type",
            "subscribe",
            "payload",
            Map.of("query", query, "variables", variables)));
  }

  public void send(Map<String, ?> message) {
    try {
      sendText(JSON.writeValueAsString(new LinkedHashMap<>(message)));
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  public void sendText(String text) {
    sendFragment(text, true);
  }

  public void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  public void sendFragment(String text, boolean last) {
    socket.sendText(text, last).join();
  }

  /** Messages received and not yet taken by {@link #next()}, oldest first. */
  public BlockingQueue<JsonNode> messages() {
    return messages;
  }

  /** The next message from the server; fails if none comes within 15 s. */
  public JsonNode next() {
    return next(WAIT);
  }

  public JsonNode next(Duration timeout) {
    try {
      JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (message == null) {
        throw new AssertionError(
            "no message within " + timeout + (closed.isDone() ? "; closed: " + closed.join() : ""));
      }
      return message;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  /** The next message of subscription {@code id}, skipping those of others. */
  public JsonNode nextOf(String id) {
    return nextOf(id, WAIT);
  }

  public JsonNode nextOf(String id, Duration timeout) {
    while (true) {
      JsonNode message = next(timeout);
      if (id.equals(message.path("id").asText())) {
        return message;
      }
    }
  }

  public Closed awaitClose() {
    return awaitClose(WAIT);
  }

  public Closed awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException notClosed) {
      throw new AssertionError(
          "the server did not close the socket within " + timeout + "; messages: " + messages);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Closes the TCP connection without a close frame: a client that vanished. */
  public void abort() {
    socket.abort();
  }

  /** A normal close (1000), waiting for the server's close frame. */
  public Closed closeNormally() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
    return awaitClose();
  }

  @Override
  public void close() {
    socket.abort();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        JsonNode message = JSON.readTree(partial.toString());
        if (message instanceof ObjectNode object) {
          object.put(RECEIVED_NANOS, System.nanoTime()); // for latency measurements
        }
        messages.add(message);
      } catch (IOException notJson) {
        messages.add(
            JSON.createObjectNode().put("type", "unparsed").put("text", partial.toString()));
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(new Closed(-1, String.valueOf(error)));
  }
}
