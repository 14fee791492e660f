package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.Bridge;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM stops the bridge gracefully and the process exits 0: a stop that was asked for is not a
 * failure (the JVM's own handler would exit 143 after the shutdown hooks). The handler drains
 * ({@link Bridge#shutdownGracefully}), then exits through {@link System#exit}, so the shutdown
 * hooks still run; they find the bridge closed. SIGINT (Ctrl-C) keeps the JVM's handling: the hooks
 * close at once.
 */
final class TermSignal {
  private static final Logger log = LoggerFactory.getLogger(TermSignal.class);

  private TermSignal() {}

  static void stopsGracefully(Bridge bridge) {
    AtomicBoolean stopping = new AtomicBoolean();
    try {
      Signal.handle(
          new Signal("TERM"),
          signal -> {
            if (!stopping.compareAndSet(false, true)) {
              return; // a second SIGTERM while draining changes nothing
            }
            log.info("SIGTERM: stopping gracefully");
            try {
              bridge.shutdownGracefully();
            } catch (InterruptedException interrupted) {
              bridge.close();
            } finally {
              System.exit(0);
            }
          });
    } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
      // e.g. -Xrs: the shutdown hook still closes the bridge, without the draining delay
      log.warn("cannot handle SIGTERM ({}); it will stop without draining", unavailable.toString());
    }
  }
}
