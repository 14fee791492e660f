package dev.switchboard.bridge;

import dev.switchboard.bridge.auth.Authenticator;
import dev.switchboard.bridge.chain.Scheduler;
import dev.switchboard.bridge.chain.WheelScheduler;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.deadletters.DeadLetters;
import dev.switchboard.bridge.graphql.LiveEngine;
import dev.switchboard.bridge.http.BridgeRouter;
import dev.switchboard.bridge.http.ConnectionLimit;
import dev.switchboard.bridge.http.Draining;
import dev.switchboard.bridge.http.HttpListeners;
import dev.switchboard.bridge.http.ManagementServer;
import dev.switchboard.bridge.identity.JwksPublisher;
import dev.switchboard.bridge.logging.LogLevels;
import dev.switchboard.bridge.metrics.CurrentSpan;
import dev.switchboard.bridge.metrics.MetricsRegistry;
import dev.switchboard.bridge.metrics.RecordingSpan;
import dev.switchboard.bridge.nats.NatsClient;
import dev.switchboard.bridge.nats.NatsConnections;
import dev.switchboard.bridge.nats.NatsTransport;
import dev.switchboard.bridge.ratelimit.CallerLimits;
import dev.switchboard.bridge.reload.ConfigSource;
import dev.switchboard.bridge.reload.FileWatcher;
import dev.switchboard.bridge.reload.ReloadMetrics;
import dev.switchboard.bridge.reload.Reloader;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.bridge.subscriptions.SubscriptionMetrics;
import dev.switchboard.bridge.subscriptions.Subscriptions;
import dev.switchboard.bridge.telemetry.Tracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
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

  /** How long start-up waits for NATS to check the dead-letter stream before starting anyway. */
  private static final Duration DEAD_LETTER_STREAM_WAIT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final List<AutoCloseable> resources;
  private final NatsConnections nats;
  private final LiveEngine engines;
  private final Reloader reloader;
  private final Listeners listeners;
  private final Draining draining;
  private final Duration shutdownDelay;
  private boolean closed;

  private Bridge(
      Vertx vertx,
      List<AutoCloseable> resources,
      NatsConnections nats,
      Reloadables reloadables,
      Reloader reloader,
      Listeners listeners,
      Draining draining,
      Duration shutdownDelay) {
    this.vertx = vertx;
    this.resources = resources;
    this.nats = nats;
    this.engines = reloadables.engines();
    this.reloader = reloader;
    this.listeners = listeners;
    this.draining = draining;
    this.shutdownDelay = shutdownDelay;
  }

  /** The ports it listens on; {@code management} is empty without a management listener. */
  private record Listeners(int api, OptionalInt management) {}

  /** Loads the schema, connects to NATS (in the background) and starts serving HTTP. */
  public static Bridge start(BridgeConfig config) throws SchemaException, InterruptedException {
    return start(config, ConfigSource.fixed(config), router -> {});
  }

  /**
   * @param reloads where {@link #reload} reads the config again (the config file)
   */
  public static Bridge start(BridgeConfig config, ConfigSource reloads)
      throws SchemaException, InterruptedException {
    return start(config, reloads, router -> {});
  }

  /**
   * @param extraRoutes more HTTP routes (the demo's token endpoint)
   */
  public static Bridge start(BridgeConfig config, Consumer<Router> extraRoutes)
      throws SchemaException, InterruptedException {
    return start(config, ConfigSource.fixed(config), extraRoutes);
  }

  /**
   * @param reloads where {@link #reload} reads the config again
   * @param extraRoutes more HTTP routes
   */
  public static Bridge start(
      BridgeConfig config, ConfigSource reloads, Consumer<Router> extraRoutes)
      throws SchemaException, InterruptedException {
    LogLevels.apply(config.logging());
    int port = HttpListeners.apiPort(config.http());
    Tracing tracing = Tracing.start(config.telemetry(), config.dev(), System.getenv());
    // exemplars only with tracing on: then a sample's trace is one that was exported
    CurrentSpan exemplars = tracing.enabled() ? RecordingSpan.INSTANCE : CurrentSpan.NONE;
    PrometheusMeterRegistry metrics = MetricsRegistry.create(exemplars);
    ConnectionLimit connectionLimit =
        new ConnectionLimit(config.http().maxConnections(), port, metrics);
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setEventLoopPoolSize(config.http().eventLoops()))
            .withMetrics(connectionLimit.metricsFactory())
            .build();
    // closed newest first, after the API listener (see shutdown)
    List<AutoCloseable> resources = new ArrayList<>();
    // closed last: the spans of the drain are exported too
    resources.add(tracing);
    NatsConnections nats;
    try {
      // inside the try: a TLS or secret file refused here must not leave Vert.x threads behind
      nats = NatsConnections.start(config.nats(), Subscriptions::decode, tracing.deliveries());
      resources.add(nats);
      nats.bindMetrics(metrics);
      WheelScheduler scheduler = new WheelScheduler();
      resources.add(scheduler);
      Authenticator authenticator = Authenticator.create(config.auth());
      resources.add(authenticator);
      NatsTransport transport =
          new NatsTransport(nats, scheduler, config.subscriptions().jetStreamAckWait());
      resources.add(transport);
      Optional<DeadLetters> deadLetters = DeadLetters.start(config.deadLetters(), nats, metrics);
      if (deadLetters.isPresent()) {
        deadLetters.get().awaitStream(DEAD_LETTER_STREAM_WAIT);
      }
      ConfiguredCalls calls =
          ConfiguredCalls.assemble(
              config, transport, scheduler, metrics, exemplars, tracing, deadLetters);
      calls.jwks().ifPresent(jwks -> publishOnConnect(jwks, nats, resources));
      Subscriptions subscriptions = new Subscriptions(nats, calls.pipeline());
      resources.add(subscriptions);
      Reloadables reloadables =
          new Reloadables(config, calls, authenticator, subscriptions, metrics, tracing);
      Reloader reloader = new Reloader(reloads, config, reloadables, new ReloadMetrics(metrics));
      if (config.reload().watch()) {
        resources.add(FileWatcher.start(reloader, config.reload().debounce()));
      }
      Draining draining = new Draining();
      BridgeRouter.Parts parts =
          routeParts(
              config,
              reloadables.engines(),
              authenticator,
              calls,
              nats,
              metrics,
              draining,
              scheduler,
              extraRoutes,
              tracing);
      Router router = BridgeRouter.create(vertx, config, parts);
      Optional<ManagementServer> management = HttpListeners.startManagement(vertx, config, parts);
      // closed after NATS has drained: probes answer until the end
      management.ifPresent(server -> resources.add(0, server));
      HttpListeners.startApi(vertx, config, port, router, connectionLimit);
      Listeners listeners =
          new Listeners(port, management.stream().mapToInt(ManagementServer::port).findFirst());
      logServing(config, reloadables.engines().get().schema(), listeners);
      return new Bridge(
          vertx,
          resources,
          nats,
          reloadables,
          reloader,
          listeners,
          draining,
          config.http().shutdownDelay());
    } catch (SchemaException | RuntimeException | InterruptedException failed) {
      shutdown(vertx, resources);
      throw failed;
    } catch (Exception cannotStart) {
      shutdown(vertx, resources);
      throw new IllegalStateException(cannotStart.getMessage(), cannotStart);
    }
  }

  /** Answers JWKS requests on NATS once connected; the responder closes with the bridge. */
  private static void publishOnConnect(
      JwksPublisher jwks, NatsConnections nats, List<AutoCloseable> resources) {
    nats.primary()
        .startResponder(
            JwksPublisher.SERVICE, JwksPublisher.VERSION, jwks::endpoints, resources::add);
  }

  /** What the API and management routes serve; the JWK set joins the extra routes. */
  private static BridgeRouter.Parts routeParts(
      BridgeConfig config,
      LiveEngine engines,
      Authenticator authenticator,
      ConfiguredCalls calls,
      NatsConnections nats,
      PrometheusMeterRegistry metrics,
      Draining draining,
      Scheduler scheduler,
      Consumer<Router> extraRoutes,
      Tracing tracing)
      throws ConfigException {
    return new BridgeRouter.Parts(
        engines,
        authenticator,
        CallerLimits.create(config.rateLimits(), config.http().trustedProxies(), metrics),
        new SubscriptionMetrics(metrics),
        metrics,
        nats::states,
        draining,
        scheduler,
        routes -> {
          calls.jwks().ifPresent(jwks -> jwks.addRoute(routes));
          extraRoutes.accept(routes);
        },
        tracing);
  }

  private static void logServing(BridgeConfig config, LoadedSchema schema, Listeners listeners) {
    log.info(
        "serving GraphQL on http://{}:{}/graphql ({} NATS-backed fields; auth {}, authorization {}, identity {})",
        config.http().host(),
        listeners.api(),
        schema.bindings().size(),
        onOff(config.auth().enabled()),
        onOff(config.authorization().enabled()),
        onOff(config.identity().enabledWith(config.auth())));
    listeners
        .management()
        .ifPresent(
            management ->
                log.info(
                    "serving /healthz, /readyz and /metrics on http://{}:{}",
                    config.management().host(),
                    management));
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

  /** The schema new operations run on. */
  public LoadedSchema schema() {
    return engines.get().schema();
  }

  /**
   * Reads the config again and swaps in the new schema, permissions and identity keys, or keeps the
   * running ones when anything is wrong (SIGHUP, {@code reload.watch}).
   *
   * @return whether the new config is in use
   */
  public boolean reload(String trigger) {
    if (isClosed()) {
      return false;
    }
    return reloader.reload(trigger);
  }

  public boolean isNatsConnected() {
    return nats.all().stream().allMatch(NatsClient::isConnected);
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
}
