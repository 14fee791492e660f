package dev.switchboard.bridge.http.ws;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.concurrent.OutboundMessageQueue;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an upgraded WebSocket connection the direct writes the HTTP listeners' strict thread mode
 * gives HTTP connections. Vert.x 5.0 builds every WebSocket connection with a queue for writes from
 * other threads (a Netty MPSC queue whose first 1,024-slot chunk is ~4.7 KB, a third of what a
 * subscriber costs) and offers no option to leave it out. The bridge writes to a WebSocket on its
 * event loop only ({@link GuardedSocket} moves any other write there), so the queue is replaced
 * with the one Vert.x itself uses in strict mode, right after the upgrade, before any write.
 *
 * <p>This reaches into Vert.x internals (a private final field and a private class), so it is
 * checked once: if a Vert.x upgrade moves them, WebSockets keep Vert.x's queue (correct, larger)
 * and a warning says so; {@code LoopOnlyWritesTest} fails on such an upgrade.
 */
final class LoopOnlyWrites {
  private static final Logger log = LoggerFactory.getLogger(LoopOnlyWrites.class);
  private static final Field QUEUE;
  private static final Constructor<?> DIRECT;

  static {
    Field queue = null;
    Constructor<?> direct = null;
    try {
      queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      queue.setAccessible(true);
      direct =
          Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
              .getDeclaredConstructor(VertxConnection.class);
      direct.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException moved) {
      log.warn(
          "WebSockets keep Vert.x's cross-thread write queue (about 4.7 KB each): {}",
          moved.toString());
      queue = null;
      direct = null;
    }
    QUEUE = queue;
    DIRECT = direct;
  }

  private LoopOnlyWrites() {}

  /**
   * Replaces the write queue of the WebSocket that {@code upgradedFrom} was upgraded to. Call on
   * its event loop, as soon as the upgrade has completed.
   *
   * @return true when the WebSocket now writes directly
   */
  static boolean apply(HttpConnection upgradedFrom) {
    if (DIRECT == null || !(upgradedFrom instanceof ConnectionBase base)) {
      return false;
    }
    Channel channel = base.channel();
    VertxHandler<?> handler = channel.pipeline().get(VertxHandler.class);
    if (!channel.eventLoop().inEventLoop() || handler == null) {
      return false;
    }
    try {
      VertxConnection webSocket = handler.getConnection();
      // Vert.x's queue holds nothing once the upgrade is done, unless the channel was full
      if (!(QUEUE.get(webSocket) instanceof OutboundMessageQueue<?> queue) || !queue.isWritable()) {
        return false;
      }
      QUEUE.set(webSocket, DIRECT.newInstance(webSocket));
      return true;
    } catch (ReflectiveOperationException | RuntimeException refused) {
      // e.g. a JDK that no longer lets reflection write final fields: Vert.x's queue stays
      log.debug("a WebSocket keeps Vert.x's write queue", refused);
      return false;
    }
  }
}
