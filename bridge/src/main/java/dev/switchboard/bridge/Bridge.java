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
import dev.switchboard.bridge.http.ConnectionLimit;
import dev.switchboard.bridge.http.Draining;
import dev.switchboard.bridge.http.HttpVerticle;
import dev.switchboard.bridge.http.ManagementServer;
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
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
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
  private final Listeners listeners;
  private final Draining draining;
  private final Duration shutdownDelay;
  private boolean closed;

  private Bridge(
      Vertx vertx,
      List<AutoCloseable> resources,
      NatsConnector nats,
      LoadedSchema schema,
      Listeners listeners,
      Draining draining,
      Duration shutdownDelay) {
    this.vertx = vertx;
    this.resources = resources;
    this.nats = nats;
    this.schema = schema;
    this.listeners = listeners;
    this.draining = draining;
    this.shutdownDelay = shutdownDelay;
  }

  /** The ports it listens on; {@code management} is empty without a management listener. */
  private record Listeners(int api, OptionalInt management) {}

  /** Loads the schema, connects to NATS (in the background) and starts serving HTTP. */
  public static Bridge start(BridgeConfig config) throws SchemaException, InterruptedException {
    return start(config, router -> {});
  }

  /**
   * @param extraRoutes more HTTP routes (the demo's token endpoint)
   */
  public static Bridge start(BridgeConfig config, Consumer<Router> extraRoutes)
      throws SchemaException, InterruptedException {
    int port = config.http().port() == 0 ? freePort() : config.http().port();
    PrometheusMeterRegistry metrics = MetricsRegistry.create();
    ConnectionLimit connectionLimit =
        new ConnectionLimit(config.http().maxConnections(), port, metrics);
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setEventLoopPoolSize(config.http().eventLoops()))
            .withMetrics(connectionLimit.metricsFactory())
            .build();
    List<AutoCloseable> resources = new ArrayList<>();
    NatsConnector nats = NatsConnector.start(config.nats());
    resources.add(nats);
    try {
      WheelScheduler scheduler = new WheelScheduler();
      resources.add(scheduler);
      Authenticator authenticator = Authenticator.create(config.auth());
      resources.add(authenticator);
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
      Draining draining = new Draining();
      BridgeRouter.Parts parts =
          new BridgeRouter.Parts(
              engine,
              authenticator,
              CallerLimits.create(config.rateLimits(), config.http().trustedProxies(), metrics),
              new SubscriptionMetrics(metrics),
              metrics,
              nats::isReady,
              draining,
              scheduler,
              routes -> {
                if (jwksRoute != null) {
                  jwksRoute.addRoute(routes);
                }
                extraRoutes.accept(routes);
              });
      Router router = BridgeRouter.create(vertx, config, parts);
      OptionalInt managementPort = OptionalInt.empty();
      if (config.management().enabled()) {
        ManagementServer management =
            ManagementServer.start(
                vertx,
                BridgeRouter.management(vertx, parts),
                config.management(),
                config.http().idleTimeout());
        // closed after NATS has drained: probes answer until the end
        resources.add(0, management);
        managementPort = OptionalInt.of(management.port());
      }
      HttpServerOptions api =
          HttpVerticle.apiOptions(
              config.http().host(),
              port,
              config.http().idleTimeout(),
              config.subscriptions().maxMessageBytes());
      vertx
          .deployVerticle(
              () -> new HttpVerticle(router, api, connectionLimit),
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
      managementPort.ifPresent(
          management ->
              log.info(
                  "serving /healthz, /readyz and /metrics on http://{}:{}",
                  config.management().host(),
                  management));
      return new Bridge(
          vertx,
          resources,
          nats,
          schema,
          new Listeners(port, managementPort),
          draining,
          config.http().shutdownDelay());
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

  /** The API port (the one picked when {@code http.port} is 0). */
  public int port() {
    return listeners.api();
  }

  /** The management port, when {@code management.port} is set (the one picked for 0). */
  public OptionalInt managementPort() {
    return listeners.management();
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

  /**
   * SIGTERM: {@code /readyz} answers 503 "draining" and responses close their connections for
   * {@code http.shutdownDelay}, while requests are still served, so load balancers move traffic
   * away first; then {@link #close}.
   */
  public void shutdownGracefully() throws InterruptedException {
    if (isClosed()) {
      return;
    }
    draining.start();
    log.info(
        "draining: /readyz answers 503 for {} ms before the listener closes",
        shutdownDelay.toMillis());
    Thread.sleep(shutdownDelay.toMillis());
    close();
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Stops at once (the listener's grace for requests in flight aside); safe to call again. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    draining.start();
    shutdown(vertx, resources);
    log.info("stopped");
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
    Collections.reverse(reversed);
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
