package dev.switchboard.bridge.http.ws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.Probes;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.ext.web.Router;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket upgraded through a Vert.x Web router, as the bridge's are, loses Vert.x's
 * cross-thread write queue and still behaves as a WebSocket: back-pressure (a full queue, then
 * drain), order, close codes. Fails when a Vert.x upgrade moves the internals it relies on.
 */
class LoopOnlyWritesTest {
  // ~20 MB: more than loopback's socket buffers hold, so a client that stops reading fills the
  // queue
  private static final int MESSAGES = 20_000;
  private static final String PAD = "x".repeat(1_000);
  private final Vertx vertx = Vertx.vertx();
  // held: Vert.x closes a client that is no longer reachable, and its connections with it
  private final WebSocketClient clients = vertx.createWebSocketClient();
  private final CompletableFuture<Boolean> applied = new CompletableFuture<>();
  private final CompletableFuture<HttpConnection> upgradedFrom = new CompletableFuture<>();
  private final CompletableFuture<ServerWebSocket> serverSide = new CompletableFuture<>();
  private final CompletableFuture<Context> serverLoop = new CompletableFuture<>();
  private int port;

  @BeforeEach
  void start() throws Exception {
    Router router = Router.router(vertx);
    router
        .route("/ws")
        .handler(
            routing ->
                routing
                    .request()
                    .toWebSocket()
                    .onSuccess(
                        socket -> {
                          HttpConnection connection = routing.request().connection();
                          applied.complete(LoopOnlyWrites.apply(connection));
                          upgradedFrom.complete(connection);
                          serverLoop.complete(Vertx.currentContext());
                          serverSide.complete(socket);
                        }));
    HttpServer server =
        vertx
            .createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    port = server.actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close();
  }

  @Test
  void apply_afterUpgrade_replaced_backPressureOrderAndCloseCodeStillWork() throws Exception {
    AtomicInteger received = new AtomicInteger();
    AtomicBoolean inOrder = new AtomicBoolean(true);
    AtomicInteger closedWith = new AtomicInteger();
    WebSocket client = connect();
    client.pause();
    client.textMessageHandler(
        text -> {
          if (!text.startsWith(received.getAndIncrement() + ":")) {
            inOrder.set(false);
          }
        });
    client.closeHandler(ignored -> closedWith.set(client.closeStatusCode()));
    assertTrue(applied.get(10, TimeUnit.SECONDS), "the upgraded socket writes directly");
    ServerWebSocket socket = serverSide.get(10, TimeUnit.SECONDS);
    AtomicBoolean wasFull = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();

    socket.setWriteQueueMaxSize(8 * 1024);
    Context loop = serverLoop.get(10, TimeUnit.SECONDS);
    loop.runOnContext(ignored -> pump(socket, sent, wasFull));
    Probes.awaitTrue(wasFull::get, () -> "the write queue never filled");
    client.resume();

    Probes.awaitTrue(() -> received.get() == MESSAGES, () -> received.get() + " arrived");
    assertTrue(inOrder.get(), "every message in the order written");
    loop.runOnContext(ignored -> socket.close((short) 4403, "Forbidden: bye"));
    Probes.awaitTrue(() -> closedWith.get() == 4403, () -> "closed with " + closedWith.get());
  }

  @Test
  void apply_offTheEventLoop_leavesVertxsQueue() throws Exception {
    connect();
    assertTrue(applied.get(10, TimeUnit.SECONDS));

    assertFalse(LoopOnlyWrites.apply(upgradedFrom.get(10, TimeUnit.SECONDS)));
  }

  /** Writes while the queue has room, then again on drain, as a stream pump does. */
  private static void pump(ServerWebSocket socket, AtomicInteger sent, AtomicBoolean wasFull) {
    while (sent.get() < MESSAGES && !socket.writeQueueFull()) {
      socket.writeTextMessage(sent.getAndIncrement() + ":" + PAD);
    }
    if (sent.get() < MESSAGES) {
      wasFull.set(true);
      socket.drainHandler(ignored -> pump(socket, sent, wasFull));
    }
  }

  private WebSocket connect() throws Exception {
    return clients
        .connect(port, "127.0.0.1", "/ws")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
