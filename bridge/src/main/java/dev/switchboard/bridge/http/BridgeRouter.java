package dev.switchboard.bridge.http;

import dev.switchboard.bridge.auth.Authenticator;
import dev.switchboard.bridge.chain.Scheduler;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.graphql.LiveEngine;
import dev.switchboard.bridge.http.ws.GraphQLWebSocket;
import dev.switchboard.bridge.metrics.ErrorMetrics;
import dev.switchboard.bridge.metrics.HttpMetrics;
import dev.switchboard.bridge.ratelimit.CallerLimits;
import dev.switchboard.bridge.subscriptions.SubscriptionMetrics;
import dev.switchboard.bridge.telemetry.Tracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The HTTP routes, all in one place. */
public final class BridgeRouter {
  private BridgeRouter() {}

  /**
   * What the routes serve.
   *
   * @param engines the engine new operations start on (swapped by a reload)
   * @param draining set on SIGTERM: readiness says so, responses close their connections
   * @param extraRoutes more routes (the JWK set, the demo's token endpoint); added before the 404
   * @param tracing server spans for requests (off: none)
   */
  public record Parts(
      LiveEngine engines,
      Authenticator authenticator,
      CallerLimits limits,
      SubscriptionMetrics subscriptions,
      PrometheusMeterRegistry metrics,
      Supplier<Map<String, String>> natsStates,
      Draining draining,
      Scheduler scheduler,
      Consumer<Router> extraRoutes,
      Tracing tracing) {
    HealthHandlers health() {
      return new HealthHandlers(natsStates, draining);
    }
  }

  /** The management listener's routes: health and metrics, nothing else. */
  public static Router management(Vertx vertx, Parts parts) {
    return ManagementRoutes.router(vertx, parts.health(), parts.metrics());
  }

  /**
   * The API routes; health and metrics among them unless {@code management.port} puts them on a
   * listener of their own.
   */
  public static Router create(Vertx vertx, BridgeConfig config, Parts parts) {
    Router router = Router.router(vertx);
    ErrorMetrics errors = new ErrorMetrics(parts.metrics());
    // first: every request on the API port is measured (and logged), refused ones included
    router.route().handler(new HttpMetrics(parts.metrics(), errors));
    if (config.logging().accessLog()) {
      router.route().handler(new AccessLogHandler());
    }
    router.route().handler(parts.draining());
    if (!config.http().allowedOrigins().isEmpty()) {
      router
          .route()
          .handler(
              CorsHandler.create()
                  .addOrigins(config.http().allowedOrigins())
                  .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
                  .allowedHeaders(
                      Set.of(
                          "content-type",
                          "authorization",
                          "accept",
                          "x-request-id",
                          "x-correlation-id",
                          "idempotency-key",
                          "traceparent",
                          "tracestate"))
                  .exposedHeaders(Set.of(CorrelationIds.CORRELATION_ID)));
    }
    RequestEntry entry =
        new RequestEntry(
            parts.authenticator(), parts.limits(), config.dev(), parts.tracing(), errors);
    GraphQLHttpHandler graphql =
        new GraphQLHttpHandler(
            parts.engines(), entry, config.subscriptions(), parts.subscriptions());
    GraphQLWebSocket webSocket =
        new GraphQLWebSocket(vertx, entry, config.subscriptions(), parts.subscriptions());
    OriginCheck origins = new OriginCheck(config.http().allowedOrigins());
    router
        .get("/graphql")
        .handler(origins)
        .handler(new SubProtocolCheck())
        .handler(webSocket.handler(parts.engines()))
        .handler(graphql);
    router
        .post("/graphql")
        // CSRF and Origin checks, so a refused request is answered before its body is read
        .handler(
            new PostGate(origins, new BodyDeadline(config.http().idleTimeout(), parts.scheduler())))
        .handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()))
        .handler(graphql);
    router.route("/graphql").handler(routing -> routing.fail(405));

    if (!config.management().enabled()) {
      ManagementRoutes.add(router, parts.health(), parts.metrics());
    }

    if (config.graphiqlEnabled()) {
      GraphiQLHandlerOptions options =
          new GraphiQLHandlerOptions()
              .setEnabled(true)
              .setGraphQLUri("/graphql")
              .setGraphQLWSEnabled(true)
              .setGraphWSQLUri("/graphql");
      if (config.http().graphiqlQuery() != null) {
        // Vert.x 5.0.10 writes setQuery's value where its GraphiQL page does not look; the page
        // reads "parameters.query", which is where setVariables's object lands (GraphiQLIT checks
        // in a browser that the editor opens on it).
        options
            .setQuery(config.http().graphiqlQuery())
            .setVariables(new JsonObject().put("query", config.http().graphiqlQuery()));
      }
      router.route("/graphiql*").subRouter(GraphiQLHandler.create(vertx, options).router());
    }
    parts.extraRoutes().accept(router);
    router.route().last().handler(routing -> routing.fail(404));
    router.route().failureHandler(HttpFailures::handle);
    return router;
  }
}
