package dev.switchboard.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;

/**
 * The benchmark's floor: the thinnest Vert.x HTTP to NATS to HTTP path, with no GraphQL. The bridge
 * can never be faster than this on the same machine; the benchmark reports how close it gets.
 * Prints {@code listening on <port>} once every verticle instance listens.
 */
public final class FloorServer {
  private static final String USAGE = "FloorServer --port 8081 --nats nats://127.0.0.1:4222";

  private FloorServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(CommandLine.required(args, "--port", USAGE));
    String url = CommandLine.required(args, "--nats", USAGE);
    Connection connection = Nats.connect(BenchNats.options(url, "floor"));
    Vertx vertx = Vertx.vertx();
    // One instance per processor, like the bridge: Vert.x spreads connections over their event
    // loops.
    int instances = Runtime.getRuntime().availableProcessors();
    vertx
        .deployVerticle(
            () -> new FloorVerticle(connection, port),
            new DeploymentOptions().setInstances(instances))
        .onSuccess(deployment -> System.out.println("listening on " + port))
        .onFailure(
            failure -> {
              System.err.println(
                  "floor: could not listen on port " + port + ": " + failure.getMessage());
              System.exit(1);
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  vertx.close().await();
                  try {
                    connection.close();
                  } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                  }
                },
                "floor-stop"));
  }
}
