package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.Bridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** SIGHUP reloads the config, as daemons do; the JVM would otherwise exit on it. */
final class HangUpSignal {
  private static final Logger log = LoggerFactory.getLogger(HangUpSignal.class);

  private HangUpSignal() {}

  static void reloads(Bridge bridge) {
    try {
      Signal.handle(new Signal("HUP"), signal -> bridge.reload("SIGHUP"));
    } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
      log.warn(
          "cannot handle SIGHUP ({}); reload with reload.watch instead", unavailable.toString());
    }
  }
}
