package dev.switchboard.bridge.http;

import dev.switchboard.bridge.auth.Authenticator;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.http.ws.GraphQLWebSocket;
import dev.switchboard.bridge.ratelimit.CallerLimits;
import dev.switchboard.bridge.subscriptions.SubscriptionMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The HTTP routes, all in one place. */
public final class BridgeRouter {
  private BridgeRouter() {}

  /**
   * What the routes serve.
   *
   * @param extraRoutes more routes (the JWK set, the demo's token endpoint); added before the 404
   */
  public record Parts(
      GraphQLEngine engine,
      Authenticator authenticator,
      CallerLimits limits,
      SubscriptionMetrics subscriptions,
      PrometheusMeterRegistry metrics,
      BooleanSupplier natsConnected,
      Consumer<Router> extraRoutes) {}

  public static Router create(Vertx vertx, BridgeConfig config, Parts parts) {
    Router router = Router.router(vertx);
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
    RequestEntry entry = new RequestEntry(parts.authenticator(), parts.limits(), config.dev());
    GraphQLHttpHandler graphql =
        new GraphQLHttpHandler(
            parts.engine(), entry, config.subscriptions(), parts.subscriptions());
    GraphQLWebSocket webSocket =
        new GraphQLWebSocket(vertx, entry, config.subscriptions(), parts.subscriptions());
    OriginCheck origins = new OriginCheck(config.http().allowedOrigins());
    router
        .get("/graphql")
        .handler(origins)
        .handler(new SubProtocolCheck())
        .handler(webSocket.handler(parts.engine().graphQL()))
        .handler(graphql);
    router
        .post("/graphql")
        .handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()))
        .handler(origins)
        .handler(graphql);
    router.route("/graphql").handler(routing -> routing.fail(405));

    HealthHandlers health = new HealthHandlers(parts.natsConnected());
    router.get("/healthz").handler(health::live);
    router.get("/readyz").handler(health::ready);
    router
        .get("/metrics")
        .handler(
            routing ->
                routing
                    .response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .end(parts.metrics().scrape()));

    if (config.graphiqlEnabled()) {
      GraphiQLHandlerOptions options =
          new GraphiQLHandlerOptions()
              .setEnabled(true)
              .setGraphQLUri("/graphql")
              .setGraphQLWSEnabled(true)
              .setGraphWSQLUri("/graphql");
      router.route("/graphiql*").subRouter(GraphiQLHandler.create(vertx, options).router());
    }
    parts.extraRoutes().accept(router);
    router.route().last().handler(routing -> routing.fail(404));
    router.route().failureHandler(HttpFailures::handle);
    return router;
  }
}
