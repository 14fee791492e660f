package dev.switchboard.bridge.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JWK set endpoint on loopback for the JWKS tests: the served set can change (rotation), the
 * endpoint can fail (outage: 503), and it counts how often it was fetched.
 */
public final class JwksServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicReference<String> jwks;
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile boolean down;

  public JwksServer(String initialJwks) {
    this.jwks = new AtomicReference<>(initialJwks);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
    server.createContext(
        "/jwks.json",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
          if (down) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** {@code http://127.0.0.1:<port>/jwks.json}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
  }

  public int fetches() {
    return fetches.get();
  }

  public void serve(String newJwks) {
    jwks.set(newJwks);
  }

  /** While down, every fetch gets 503. */
  public void down(boolean isDown) {
    this.down = isDown;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
