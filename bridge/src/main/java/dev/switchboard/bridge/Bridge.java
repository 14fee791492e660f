package dev.switchboard.bridge;

import dev.switchboard.bridge.audit.AuditListener;
import dev.switchboard.bridge.audit.SubscriptionAudit;
import dev.switchboard.bridge.auth.Authenticator;
import dev.switchboard.bridge.authz.AuthorizationInterceptor;
import dev.switchboard.bridge.authz.Authorizer;
import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.LoggingCallListener;
import dev.switchboard.bridge.chain.WheelScheduler;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.documents.DocumentRules;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.graphql.MessageIds;
import dev.switchboard.bridge.graphql.NatsFetchers;
import dev.switchboard.bridge.http.BridgeRouter;
import dev.switchboard.bridge.http.HttpVerticle;
import dev.switchboard.bridge.identity.IdentityInterceptor;
import dev.switchboard.bridge.identity.IdentitySigner;
import dev.switchboard.bridge.identity.JwksPublisher;
import dev.switchboard.bridge.metrics.CallMetrics;
import dev.switchboard.bridge.metrics.MetricsRegistry;
import dev.switchboard.bridge.nats.NatsConnector;
import dev.switchboard.bridge.nats.NatsTransport;
import dev.switchboard.bridge.ratelimit.CallerLimits;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.bridge.schema.SchemaLoader;
import dev.switchboard.bridge.subscriptions.SubscriptionMetrics;
import dev.switchboard.bridge.subscriptions.Subscriptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Switchboard: HTTP in front, NATS behind. {@link #start} wires everything in one place;
 * {@link #close} shuts down gracefully (stop accepting, finish what is in flight, drain NATS).
 */
public final class Bridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Bridge.class);
  private final Vertx vertx;
  private final List<AutoCloseable> resources;
  private final NatsConnector nats;
  private final LoadedSchema schema;
  private final int port;

  private Bridge(
      Vertx vertx,
      List<AutoCloseable> resources,
      NatsConnector nats,
      LoadedSchema schema,
      int port) {
    this.vertx = vertx;
    this.resources = resources;
    this.nats = nats;
    this.schema = schema;
    this.port = port;
  }

  /** Loads the schema, connects to NATS (in the background) and starts serving HTTP. */
  public static Bridge start(BridgeConfig config) throws SchemaException, InterruptedException {
    return start(config, router -> {});
  }

  /**
   * @param extraRoutes more HTTP routes (the demo's token endpoint)
   */
  public static Bridge start(BridgeConfig config, Consumer<Router> extraRoutes)
      throws SchemaException, InterruptedException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.http().eventLoops()));
    List<AutoCloseable> resources = new ArrayList<>();
    NatsConnector nats = NatsConnector.start(config.nats());
    resources.add(nats);
    try {
      WheelScheduler scheduler = new WheelScheduler();
      resources.add(scheduler);
      Authenticator authenticator = Authenticator.create(config.auth());
      resources.add(authenticator);
      PrometheusMeterRegistry metrics = MetricsRegistry.create();
      NatsTransport transport =
          new NatsTransport(nats, scheduler, config.subscriptions().jetStreamAckWait());
      resources.add(transport);
      AuditListener audit = new AuditListener();
      Authorizer authorizer = Authorizer.of(config.authorization());
      CallPipeline.Builder pipeline =
          CallPipeline.builder(transport, scheduler)
              .addListener(new LoggingCallListener())
              .addListener(audit)
              .addListener(new CallMetrics(metrics))
              .retry(
                  config.requests().retry().backoff(),
                  config.requests().retry().maxBackoff(),
                  config.requests().retry().budgetRatio(),
                  config.requests().retry().minPerSecond());
      if (authorizer.enabled()) {
        pipeline.addCallInterceptor(new AuthorizationInterceptor(authorizer));
      }
      JwksPublisher jwks = null;
      if (config.identity().enabledWith(config.auth())) {
        IdentitySigner signer = IdentitySigner.create(config.identity());
        pipeline.addAttemptInterceptor(
            new IdentityInterceptor(signer, config.identity().forwardToken()));
        jwks = new JwksPublisher(signer, config.identity().jwksSubject());
        JwksPublisher publisher = jwks;
        nats.whenConnected(connection -> resources.add(publisher.startResponder(connection)));
      }
      Subscriptions subscriptions = new Subscriptions(nats::current);
      resources.add(subscriptions);
      LoadedSchema schema =
          SchemaLoader.load(
              config.schema().files(),
              config.requests(),
              new NatsFetchers(
                  pipeline.build(),
                  subscriptions,
                  authorizer,
                  new SubscriptionAudit(audit),
                  config.limits().maxNatsCalls(),
                  MessageIds.from(config.requests())));
      GraphQLEngine engine =
          new GraphQLEngine(schema, config, DocumentRules.load(config.documents()));
      JwksPublisher jwksRoute = jwks;
      Router router =
          BridgeRouter.create(
              vertx,
              config,
              new BridgeRouter.Parts(
                  engine,
                  authenticator,
                  CallerLimits.create(config.rateLimits(), config.http().trustedProxies(), metrics),
                  new SubscriptionMetrics(metrics),
                  metrics,
                  nats::isReady,
                  routes -> {
                    if (jwksRoute != null) {
                      jwksRoute.addRoute(routes);
                    }
                    extraRoutes.accept(routes);
                  }));
      int port = config.http().port() == 0 ? freePort() : config.http().port();
      vertx
          .deployVerticle(
              () ->
                  new HttpVerticle(
                      router, config.http().host(), port, config.subscriptions().maxMessageBytes()),
              new DeploymentOptions().setInstances(config.http().eventLoops()))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      log.info(
          "serving GraphQL on http://{}:{}/graphql ({} NATS-backed fields; auth {}, authorization {}, identity {})",
          config.http().host(),
          port,
          schema.bindings().size(),
          onOff(config.auth().enabled()),
          onOff(config.authorization().enabled()),
          onOff(config.identity().enabledWith(config.auth())));
      return new Bridge(vertx, resources, nats, schema, port);
    } catch (SchemaException | RuntimeException | InterruptedException failed) {
      shutdown(vertx, resources);
      throw failed;
    } catch (ExecutionException | TimeoutException cannotListen) {
      shutdown(vertx, resources);
      Throwable cause = cannotListen.getCause() != null ? cannotListen.getCause() : cannotListen;
      throw new IllegalStateException(
          "cannot listen on "
              + config.http().host()
              + ":"
              + config.http().port()
              + ": "
              + cause.getMessage(),
          cause);
    } catch (Exception cannotStart) {
      shutdown(vertx, resources);
      throw new IllegalStateException(cannotStart.getMessage(), cannotStart);
    }
  }

  private static String onOff(boolean enabled) {
    return enabled ? "on" : "off";
  }

  public int port() {
    return port;
  }

  public LoadedSchema schema() {
    return schema;
  }

  public boolean isNatsConnected() {
    return nats.isConnected();
  }

  /**
   * Waits until NATS is connected and the start-up actions (the JWKS responder) ran; false on
   * timeout.
   */
  public boolean awaitNats(Duration timeout) throws InterruptedException {
    return nats.awaitConnected(timeout);
  }

  @Override
  public void close() {
    shutdown(vertx, resources);
  }

  /** HTTP first (stop accepting, finish in-flight requests), then everything else, newest first. */
  private static void shutdown(Vertx vertx, List<AutoCloseable> resources) {
    try {
      for (String id : List.copyOf(vertx.deploymentIDs())) {
        vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException undeployFailed) {
      log.warn("HTTP servers did not stop cleanly: {}", undeployFailed.toString());
    }
    List<AutoCloseable> reversed = new ArrayList<>(resources);
    java.util.Collections.reverse(reversed);
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      } catch (Exception closeFailed) {
        log.warn("shutdown: {}", closeFailed.toString());
      }
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException closeFailed) {
      log.warn("Vert.x did not close cleanly: {}", closeFailed.toString());
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }
}
