package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.Bridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP reloads the config, as daemons do; the JVM would otherwise exit on it. Installed before
 * the bridge starts (a bridge can be ready before start-up returns): a SIGHUP that arrives
 * meanwhile reloads as soon as the bridge is there, as the files may have changed after start-up
 * read them.
 */
final class HangUpSignal {
  private static final Logger log = LoggerFactory.getLogger(HangUpSignal.class);
  private Bridge bridge;
  private boolean pending;

  private HangUpSignal() {}

  static HangUpSignal install() {
    HangUpSignal hangUp = new HangUpSignal();
    try {
      SignalHandler before = Signal.handle(new Signal("HUP"), signal -> hangUp.received());
      if (before == SignalHandler.SIG_IGN) {
        // the JVM keeps a signal its parent ignored (nohup) ignored: no handler was installed
        log.warn(
            "SIGHUP is ignored by this process (started with nohup?): it will not reload;"
                + " use reload.watch, or start it without ignoring SIGHUP");
      }
    } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
      log.warn(
          "cannot handle SIGHUP ({}); reload with reload.watch instead", unavailable.toString());
    }
    return hangUp;
  }

  private void received() {
    Bridge started;
    synchronized (this) {
      started = bridge;
      pending = started == null;
    }
    if (started != null) {
      started.reload("SIGHUP");
    }
  }

  /** The bridge SIGHUP reloads from now on. */
  void reloads(Bridge started) {
    boolean reloadNow;
    synchronized (this) {
      bridge = started;
      reloadNow = pending;
      pending = false;
    }
    if (reloadNow) {
      started.reload("SIGHUP during start-up");
    }
  }
}
