package dev.switchboard.bridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Apollo's multipart subscription protocol from the client's side, over a real socket: POSTs the
 * operation with {@code Accept: multipart/mixed;subscriptionSpec=1.0} (or the given Accept) and
 * splits the body at the {@code --graphql} delimiters as it streams. A part is whole once the next
 * delimiter arrives; the closing delimiter {@code --graphql--} is recorded as {@link #isClosing}.
 * Every byte read is kept ({@link #raw}) to check the framing. {@link #close()} drops the
 * connection, the way a browser tab going away does.
 */
public final class MultipartClient implements AutoCloseable {
  public static final String ACCEPT = "multipart/mixed;subscriptionSpec=1.0, application/json";
  private static final String DELIMITER = "\r\n--graphql";
  private static final Part CLOSING = new Part("(closing delimiter)", "");
  private static final Part END = new Part("(end of body)", "");

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Part> parts = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean closed;

  private MultipartClient(HttpResponse<InputStream> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "multipart-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** POSTs {@code jsonBody} to {@code /graphql}; returns once the headers are in. */
  public static MultipartClient post(int port, String jsonBody, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
            .header("Content-Type", "application/json");
    return open(request, headers);
  }

  /** GET {@code /graphql} with these query parameters. */
  public static MultipartClient get(int port, Map<String, String> params) {
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
        Map.of());
  }

  private static MultipartClient open(HttpRequest.Builder request, Map<String, String> headers) {
    request.setHeader("Accept", ACCEPT);
    headers.forEach(request::setHeader);
    // A client of its own per stream: closing the stream must close its connection, not pool it.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try {
      return new MultipartClient(
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
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

  /** The next whole part, waiting at most {@code timeout}; fails the test when none comes. */
  public Part next(Duration timeout) {
    Part part = poll(timeout);
    if (part == null) {
      throw new AssertionError("no multipart part within " + timeout.toMillis() + " ms: " + raw());
    }
    if (part == END) {
      parts.add(END);
      throw new AssertionError("the body ended; no more parts: " + raw());
    }
    return part;
  }

  /** The next part that is not a heartbeat {@code {}}. */
  public Part nextPayload(Duration timeout) {
    while (true) {
      Part part = next(timeout);
      if (!part.isHeartbeat()) {
        return part;
      }
    }
  }

  /** The next part, the closing delimiter or the end, or null when nothing came in time. */
  public Part poll(Duration timeout) {
    try {
      return parts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  public static boolean isClosing(Part part) {
    return part == CLOSING;
  }

  /** True once the server has ended the body (waits at most {@code timeout}). */
  public boolean awaitEnd(Duration timeout) {
    try {
      return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  /** Every byte of the body read so far, as text. */
  public String raw() {
    synchronized (raw) {
      return raw.toString(StandardCharsets.UTF_8);
    }
  }

  private void read() {
    byte[] chunk = new byte[8192];
    // ISO-8859-1 keeps one char per byte, so delimiters are found without splitting UTF-8
    StringBuilder pending = new StringBuilder();
    boolean afterDelimiter = false;
    try (InputStream body = response.body()) {
      int n;
      while ((n = body.read(chunk)) >= 0) {
        synchronized (raw) {
          raw.write(chunk, 0, n);
        }
        pending.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
        int at;
        while ((at = pending.indexOf(DELIMITER)) >= 0) {
          if (afterDelimiter) {
            parts.add(Part.parse(pending.substring(0, at)));
          }
          afterDelimiter = true;
          pending.delete(0, at + DELIMITER.length());
        }
        if (afterDelimiter && pending.length() >= 2 && pending.indexOf("--") == 0) {
          parts.add(CLOSING);
          pending.setLength(0);
          afterDelimiter = false;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the connection went away (closed by us, or reset by the server): the body has ended
    } finally {
      parts.add(END);
      ended.countDown();
    }
  }

  /** Drops the connection. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        response.body().close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  /** One part: its header block and its JSON body. */
  public record Part(String headers, String body) {
    static Part parse(String latin1) {
      String text =
          new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      if (split < 0) {
        return new Part(text, "");
      }
      return new Part(text.substring(0, split).strip(), text.substring(split + 4));
    }

    public boolean isHeartbeat() {
      return "{}".equals(body);
    }

    public JsonNode json() {
      try {
        return GraphQLClient.JSON.readTree(body);
      } catch (IOException notJson) {
        throw new AssertionError("not JSON: " + body, notJson);
      }
    }

    /** The first error's {@code extensions.code}, in the payload or at the top (transport). */
    public String firstCode() {
      JsonNode json = json();
      JsonNode errors =
          json.has("errors") ? json.path("errors") : json.path("payload").path("errors");
      return errors.path(0).path("extensions").path("code").asText(null);
    }

    @Override
    public String toString() {
      return headers + " | " + body;
    }
  }
}
