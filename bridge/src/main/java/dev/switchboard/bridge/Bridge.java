package dev.switchboard.bridge;

import dev.switchboard.bridge.chain.CallPipeline;
import dev.switchboard.bridge.chain.LoggingCallListener;
import dev.switchboard.bridge.chain.WheelScheduler;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.graphql.NatsRequestFetcher;
import dev.switchboard.bridge.http.BridgeRouter;
import dev.switchboard.bridge.http.HttpVerticle;
import dev.switchboard.bridge.nats.NatsConnector;
import dev.switchboard.bridge.nats.NatsTransport;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.bridge.schema.SchemaLoader;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Switchboard: HTTP in front, NATS behind. {@link #start} wires everything in one place;
 * {@link #close} shuts down gracefully (stop accepting, finish what is in flight, drain NATS).
 */
public final class Bridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Bridge.class);
  private final Vertx vertx;
  private final NatsConnector nats;
  private final WheelScheduler scheduler;
  private final LoadedSchema schema;
  private final int port;

  private Bridge(Vertx vertx, NatsConnector nats, WheelScheduler scheduler, LoadedSchema schema, int port) {
    this.vertx = vertx;
    this.nats = nats;
    this.scheduler = scheduler;
    this.schema = schema;
    this.port = port;
  }

  /** Loads the schema, connects to NATS (in the background) and starts serving HTTP. */
  public static Bridge start(BridgeConfig config) throws SchemaException, InterruptedException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.http().eventLoops()));
    NatsConnector nats = NatsConnector.start(config.nats());
    WheelScheduler scheduler = new WheelScheduler();
    try {
      CallPipeline pipeline = CallPipeline.builder(new NatsTransport(nats), scheduler)
          .listener(new LoggingCallListener())
          .retry(config.requests().retry().backoff(), config.requests().retry().maxBackoff(),
              config.requests().retry().budgetRatio(), config.requests().retry().minPerSecond())
          .build();
      LoadedSchema schema = SchemaLoader.load(config.schema().files(), config.requests(),
          binding -> new NatsRequestFetcher(binding, pipeline));
      GraphQLEngine engine = new GraphQLEngine(schema.schema(), config.http().documentCache());
      Router router = BridgeRouter.create(vertx, config, engine, nats::isConnected);
      int port = config.http().port() == 0 ? freePort() : config.http().port();
      vertx.deployVerticle(() -> new HttpVerticle(router, config.http().host(), port),
              new DeploymentOptions().setInstances(config.http().eventLoops()))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      log.info("serving GraphQL on http://{}:{}/graphql ({} NATS-backed fields)", config.http().host(), port,
          schema.bindings().size());
      return new Bridge(vertx, nats, scheduler, schema, port);
    } catch (SchemaException | RuntimeException | InterruptedException failed) {
      shutdown(vertx, nats, scheduler);
      throw failed;
    } catch (ExecutionException | TimeoutException cannotListen) {
      shutdown(vertx, nats, scheduler);
      Throwable cause = cannotListen.getCause() != null ? cannotListen.getCause() : cannotListen;
      throw new IllegalStateException("cannot listen on " + config.http().host() + ":" + config.http().port()
          + ": " + cause.getMessage(), cause);
    }
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

  /** Waits until NATS is connected; false on timeout. */
  public boolean awaitNats(java.time.Duration timeout) throws InterruptedException {
    return nats.awaitConnected(timeout);
  }

  @Override
  public void close() {
    shutdown(vertx, nats, scheduler);
  }

  private static void shutdown(Vertx vertx, NatsConnector nats, WheelScheduler scheduler) {
    try {
      for (String id : java.util.List.copyOf(vertx.deploymentIDs())) {
        vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException undeployFailed) {
      log.warn("HTTP servers did not stop cleanly: {}", undeployFailed.toString());
    } catch (RuntimeException undeployFailed) {
      log.debug("undeploy: {}", undeployFailed.toString());
    }
    try {
      nats.close();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    scheduler.close();
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
