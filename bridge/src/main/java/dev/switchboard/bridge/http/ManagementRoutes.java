package dev.switchboard.bridge.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /healthz}, {@code /readyz} and {@code /metrics}: on the API port by default, or alone on
 * the management listener when {@code management.port} is set (then the API port answers 404 for
 * them).
 */
final class ManagementRoutes {
  private static final String OPENMETRICS = "application/openmetrics-text";

  private ManagementRoutes() {}

  static void add(Router router, HealthHandlers health, PrometheusMeterRegistry metrics) {
    router.get("/healthz").handler(health::live);
    router.get("/readyz").handler(health::ready);
    router.get("/metrics").handler(routing -> scrape(routing, metrics));
  }

  /**
   * The Prometheus text format, or OpenMetrics when the scraper asks for it (Prometheus does when
   * exemplar storage is on): only OpenMetrics carries exemplars.
   */
  private static void scrape(RoutingContext routing, PrometheusMeterRegistry metrics) {
    String accept = routing.request().getHeader(HttpHeaders.ACCEPT);
    String contentType =
        accept != null && accept.contains(OPENMETRICS)
            ? OPENMETRICS + "; version=1.0.0; charset=utf-8"
            : "text/plain; version=0.0.4; charset=utf-8";
    routing
        .response()
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .end(metrics.scrape(contentType));
  }

  /** A router with these routes only; anything else is 404. */
  static Router router(Vertx vertx, HealthHandlers health, PrometheusMeterRegistry metrics) {
    Router router = Router.router(vertx);
    add(router, health, metrics);
    router.route().last().handler(routing -> routing.fail(404));
    router.route().failureHandler(HttpFailures::handle);
    return router;
  }
}
