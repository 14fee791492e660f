package dev.switchboard.bridge.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP requests on the API port, measured by the first route: {@code
 * switchboard_http_requests_seconds} (a histogram by method and status class; an SSE stream counts
 * until it ends), {@code switchboard_http_requests_in_flight}, and the bytes read and written. A
 * WebSocket handshake counts only when it is refused: an accepted one leaves HTTP (WebSocket
 * sessions are {@code switchboard_subscriptions_connections}). Method and status are bounded tags:
 * methods other than GET and POST are {@code OTHER}, statuses are {@code 1xx}..{@code 5xx}, or
 * {@code closed} when the connection went before an answer. A router handler rather than Vert.x's
 * metrics SPI: it sees each request once, after the HTTP codec, and needs no state shared with the
 * connection count.
 */
public final class HttpMetrics implements Handler<RoutingContext> {
  private final MeterRegistry registry;
  private final RefusalMetrics refusals;
  // both event loops count every request: an adder keeps them off one contended cache line
  private final LongAdder inFlight = new LongAdder();
  private final DistributionSummary requestBytes;
  private final DistributionSummary responseBytes;
  // bounded: three methods times six statuses
  private final Map<HttpKey, Timer> timers = new ConcurrentHashMap<>();

  public HttpMetrics(MeterRegistry registry, ErrorMetrics errors) {
    this.registry = registry;
    this.refusals = errors.refusals();
    Gauge.builder("switchboard.http.requests.in.flight", inFlight, LongAdder::sum)
        .description("HTTP requests being served (open SSE streams included)")
        .register(registry);
    requestBytes =
        DistributionSummary.builder("switchboard.http.request.size")
            .baseUnit("bytes")
            .description("Bytes of HTTP request bodies read")
            .register(registry);
    responseBytes =
        DistributionSummary.builder("switchboard.http.response.size")
            .baseUnit("bytes")
            .description("Bytes of HTTP responses written, headers included")
            .register(registry);
  }

  @Override
  public void handle(RoutingContext routing) {
    long started = System.nanoTime();
    if (routing.request().canUpgradeToWebSocket()) {
      // an accepted handshake never ends as an HTTP response (Vert.x runs no end handler), so it
      // is not in flight; a refused one is answered and counted like any request
      routing.addEndHandler(ended -> record(routing.request(), routing.response(), started));
    } else {
      inFlight.increment();
      routing.addEndHandler(
          ended -> {
            inFlight.decrement();
            record(routing.request(), routing.response(), started);
          });
    }
    routing.next();
  }

  private void record(HttpServerRequest request, HttpServerResponse response, long started) {
    String status = response.ended() ? (response.getStatusCode() / 100) + "xx" : "closed";
    timers
        .computeIfAbsent(new HttpKey(methodOf(request.method()), status), this::register)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    requestBytes.record(request.bytesRead());
    responseBytes.record(response.bytesWritten());
    if (response.getStatusCode() == 413) {
      refusals.count(RefusalMetrics.BODY_SIZE);
    }
  }

  private static String methodOf(HttpMethod method) {
    return method == HttpMethod.GET || method == HttpMethod.POST ? method.name() : "OTHER";
  }

  private Timer register(HttpKey key) {
    return Timer.builder("switchboard.http.requests")
        .description("HTTP requests answered on the API port, by method and status class")
        .serviceLevelObjectives(LatencyBuckets.bounds())
        .tag("method", key.method())
        .tag("status", key.status())
        .register(registry);
  }

  private record HttpKey(String method, String status) {}
}
