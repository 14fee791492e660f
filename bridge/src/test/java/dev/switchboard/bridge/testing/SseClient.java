package dev.switchboard.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * GraphQL over SSE from the client's side, over a real socket: sends the operation with {@code
 * Accept: text/event-stream} and reads the answer as it streams, frame by frame ({@code event:} /
 * {@code data:} lines up to a blank line) into a queue. Comment lines (keep-alives) are counted.
 * {@link #close()} drops the connection, the way a browser tab going away does.
 */
public final class SseClient implements AutoCloseable {
  /** What a stream's end looks like in the queue. */
  private static final Event END = new Event("(end of stream)", "");

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread reader;
  private volatile boolean closed;

  private SseClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * POSTs {@code jsonBody} to {@code /graphql} asking for an event stream; returns once the headers
   * are in.
   */
  public static SseClient post(int port, String jsonBody, Map<String, String> headers) {
    return open(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
            .header("Content-Type", "application/json"),
        headers);
  }

  /** GET {@code /graphql} with these query parameters, asking for an event stream. */
  public static SseClient get(int port, Map<String, String> params, Map<String, String> headers) {
    StringBuilder query = new StringBuilder();
    params.forEach(
        (name, value) ->
            query
                .append(query.length() == 0 ? "?" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return open(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql" + query)).GET(),
        headers);
  }

  private static SseClient open(HttpRequest.Builder request, Map<String, String> headers) {
    request.header("Accept", "text/event-stream");
    headers.forEach(request::header);
    // A client of its own per stream: closing the stream must close its connection, not pool it.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      return new SseClient(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /**
   * The next frame, waiting at most {@code timeout}; fails the test when none comes or the stream
   * ended.
   */
  public Event next(Duration timeout) {
    Event event = poll(timeout);
    if (event == null) {
      throw new AssertionError("no SSE event within " + timeout.toMillis() + " ms");
    }
    if (event == END) {
      events.add(END); // stays ended for later calls
      throw new AssertionError("the stream ended; no more events");
    }
    return event;
  }

  /**
   * The next frame, or null when none came within {@code timeout}; {@link #isEnd} tells the end
   * apart.
   */
  public Event poll(Duration timeout) {
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  public static boolean isEnd(Event event) {
    return event == END;
  }

  /** Frames waiting in the queue right now, without waiting for more. */
  public List<Event> drained() {
    List<Event> now = new ArrayList<>();
    events.drainTo(now);
    now.removeIf(
        event -> {
          if (event == END) {
            events.add(END);
            return true;
          }
          return false;
        });
    return now;
  }

  /** True once the server has ended the response (waits at most {@code timeout}). */
  public boolean awaitEnd(Duration timeout) {
    try {
      return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  /** Comment lines ({@code :...}) seen so far: the server's keep-alives. */
  public int comments() {
    return comments.get();
  }

  private void read() {
    String event = null;
    StringBuilder data = null;
    try (Stream<String> lines = response.body()) {
      var iterator = lines.iterator();
      while (iterator.hasNext()) {
        String line = iterator.next();
        if (line.isEmpty()) {
          if (event != null || data != null) {
            events.add(
                new Event(event != null ? event : "message", data != null ? data.toString() : ""));
          }
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments.incrementAndGet();
        } else if (line.startsWith("event:")) {
          event = field(line, "event:");
        } else if (line.startsWith("data:")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(field(line, "data:"));
        }
      }
    } catch (RuntimeException broken) {
      // the connection went away (closed by us, or reset by the server): the stream has ended
    } finally {
      events.add(END);
      ended.countDown();
    }
  }

  private static String field(String line, String name) {
    String value = line.substring(name.length());
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  /** Drops the connection. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      response.body().close();
    }
  }

  /** One SSE frame. */
  public record Event(String event, String data) {
    public JsonNode json() {
      try {
        return GraphQLClient.JSON.readTree(data);
      } catch (IOException notJson) {
        throw new AssertionError("not JSON: " + data, notJson);
      }
    }

    /** The first error's {@code extensions.code}, or null. */
    public String firstCode() {
      return json().path("errors").path(0).path("extensions").path("code").asText(null);
    }

    @Override
    public String toString() {
      return "event: " + event + " data: " + data;
    }
  }
}
