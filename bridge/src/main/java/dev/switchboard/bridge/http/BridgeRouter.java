package dev.switchboard.bridge.http;

import dev.switchboard.bridge.auth.Authenticator;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandler;
import io.vertx.ext.web.handler.graphql.GraphiQLHandlerOptions;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The HTTP routes, all in one place. */
public final class BridgeRouter {
  private BridgeRouter() {}

  /**
   * @param extraRoutes more routes (the demo's token endpoint, the JWK set); added before the 404
   */
  public static Router create(Vertx vertx, BridgeConfig config, GraphQLEngine engine, Authenticator authenticator,
      BooleanSupplier natsConnected, Consumer<Router> extraRoutes) {
    Router router = Router.router(vertx);
    GraphQLHttpHandler graphql = new GraphQLHttpHandler(engine, authenticator, config.dev());
    router.get("/graphql").handler(graphql);
    router.post("/graphql")
        .handler(BodyHandler.create(false).setBodyLimit(config.http().maxBodyBytes()))
        .handler(graphql);
    router.route("/graphql").handler(routing -> routing.fail(405));

    HealthHandlers health = new HealthHandlers(natsConnected);
    router.get("/healthz").handler(health::live);
    router.get("/readyz").handler(health::ready);

    if (config.graphiqlEnabled()) {
      GraphiQLHandlerOptions options = new GraphiQLHandlerOptions().setEnabled(true).setGraphQLUri("/graphql");
      router.route("/graphiql*").subRouter(GraphiQLHandler.create(vertx, options).router());
    }
    extraRoutes.accept(router);
    router.route().last().handler(routing -> routing.fail(404));
    router.route().failureHandler(HttpFailures::handle);
    return router;
  }
}
