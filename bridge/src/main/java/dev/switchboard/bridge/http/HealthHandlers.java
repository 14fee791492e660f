package dev.switchboard.bridge.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /healthz}: the process serves HTTP. {@code /readyz}: it can do its job, which means the
 * schema is loaded and every NATS connection is up right now (asked of the client, not assumed),
 * with the bridge's own responders on it (the JWKS subject) started. {@code checks.nats} sums them
 * up; {@code checks.connections} gives each connection's state (connected, starting, connecting,
 * reconnecting, closed). While the bridge drains before shutting down, {@code /readyz} answers 503
 * "draining" though requests are still served, so load balancers stop sending new ones.
 */
public final class HealthHandlers {
  private static final String CONNECTED = "connected";
  private final Supplier<Map<String, String>> natsStates;
  private final Draining draining;

  public HealthHandlers(Supplier<Map<String, String>> natsStates, Draining draining) {
    this.natsStates = natsStates;
    this.draining = draining;
  }

  public void live(RoutingContext routing) {
    send(routing, 200, Map.of("status", "ok"));
  }

  public void ready(RoutingContext routing) {
    Map<String, String> states = natsStates.get();
    boolean connected = states.values().stream().allMatch(CONNECTED::equals);
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("schema", "loaded");
    checks.put("nats", connected ? CONNECTED : "disconnected");
    checks.put("connections", states);
    Map<String, Object> body = new LinkedHashMap<>();
    boolean drainingNow = draining.isDraining(); // read once: status and code must agree
    if (drainingNow) {
      draining.closeAfterResponse(routing);
    }
    boolean ready = connected && !drainingNow;
    body.put("status", drainingNow ? "draining" : connected ? "ready" : "unavailable");
    body.put("checks", checks);
    send(routing, ready ? 200 : 503, body);
  }

  private static void send(RoutingContext routing, int status, Map<String, Object> body) {
    routing
        .response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(JsonBody.of(body));
  }
}
