package dev.switchboard.bridge.http.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes through the guarded view run on the socket's event loop whichever thread calls them: the
 * socket has no cross-thread write queue ({@link LoopOnlyWrites}).
 */
class GuardedSocketWritesTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    vertx.close();
  }

  @Test
  void writeAndClose_fromAnotherThread_runOnTheSocketsLoop_andReportTheirOutcome()
      throws Exception {
    Context loop = vertx.getOrCreateContext();
    ServerWebSocket guarded = guardedOn(loop);
    Thread loopThread = onLoop(loop, Thread::currentThread);

    Future<Void> written = guarded.writeTextMessage("hello");
    Future<Void> closed = guarded.close((short) 4403, "bye");

    written.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    closed.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(
        List.of("writeTextMessage on " + loopThread.getName(), "close on " + loopThread.getName()),
        calls);
  }

  @Test
  void write_onTheLoop_runsAtOnce() throws Exception {
    Context loop = vertx.getOrCreateContext();
    ServerWebSocket guarded = guardedOn(loop);

    Integer callsRightAfter =
        onLoop(
            loop,
            () -> {
              guarded.writeTextMessage("now");
              return calls.size();
            });

    assertEquals(1, callsRightAfter, "written before the call returned");
  }

  private ServerWebSocket guardedOn(Context loop) throws Exception {
    ServerWebSocket socket = recordingSocket();
    return onLoop(loop, () -> GuardedSocket.wrap(socket, 1024));
  }

  /** A socket that records which method ran on which thread and succeeds. */
  private ServerWebSocket recordingSocket() {
    return (ServerWebSocket)
        Proxy.newProxyInstance(
            ServerWebSocket.class.getClassLoader(),
            new Class<?>[] {ServerWebSocket.class},
            (proxy, method, arguments) -> {
              if (method.getReturnType() == Future.class) {
                calls.add(method.getName() + " on " + Thread.currentThread().getName());
                return Future.succeededFuture();
              }
              return method.getReturnType() == ServerWebSocket.class ? proxy : null;
            });
  }

  private static <T> T onLoop(Context loop, Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(ignored -> result.complete(action.get()));
    return result.get(5, TimeUnit.SECONDS);
  }
}
