package dev.switchboard.bridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 by hand over a plain socket, for what a client library hides: connections held idle or
 * half-sent, several requests on one kept-alive connection, and whether the server closed it.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /** A connection to the bridge on {@code 127.0.0.1:port}; reads wait at most 10 s. */
  public static RawHttp connect(int port) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      return new RawHttp(socket);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  /** Sends these bytes as they are (a request, or part of one). */
  public RawHttp write(String text) {
    try {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return this;
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  /** {@code GET path} on this connection (kept alive), and its response. */
  public Answer get(String path) {
    return write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").readAnswer();
  }

  /** One response: status line and headers, then a body of {@code Content-Length} bytes. */
  public Answer readAnswer() {
    try {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      int status = Integer.parseInt(head.substring(9, 12));
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      return new Answer(status, head, body);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("closed before a response: " + head);
      }
      head.write(next);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * True when the server closed the connection (a read ends or is reset) within {@code within};
   * false when it is still open then. Any bytes the server sent first are skipped.
   */
  public boolean closedWithin(Duration within) {
    try {
      socket.setSoTimeout((int) within.toMillis());
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // skip whatever came before the close
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a socket the server already closed
    }
  }

  /** A response read by hand. */
  public record Answer(int status, String head, String body) {
    /** A header's value, or null (names compared case-insensitively). */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }
}
