package dev.switchboard.bridge.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import java.util.function.Supplier;

/**
 * A request as it arrives, before anything is decided about it: its headers (of the HTTP request,
 * or of a WebSocket's upgrade request), the credentials it offers, where it comes from, and its
 * correlation id (read or made at once, so even the earliest refusal carries one).
 *
 * @param headers the HTTP headers
 * @param authorization the {@code Authorization} value offered: the header, or a WebSocket's {@code
 *     connection_init} token; null when none
 * @param remote the peer's socket address (a proxy's, behind one), looked up only when needed
 * @param correlationId echoed to the client and sent on every NATS message
 */
public record Arrival(
    MultiMap headers, String authorization, Supplier<SocketAddress> remote, String correlationId) {

  /** A plain HTTP or SSE request: its credentials are its {@code Authorization} header. */
  public static Arrival of(HttpServerRequest http) {
    return new Arrival(
        http.headers(),
        http.getHeader(HttpHeaders.AUTHORIZATION),
        http::remoteAddress,
        CorrelationIds.of(http.headers()));
  }

  /** A WebSocket connection: its credentials come in {@code connection_init}. */
  public static Arrival of(ServerWebSocket socket, String authorization) {
    return new Arrival(
        socket.headers(),
        authorization,
        socket::remoteAddress,
        CorrelationIds.of(socket.headers()));
  }
}
