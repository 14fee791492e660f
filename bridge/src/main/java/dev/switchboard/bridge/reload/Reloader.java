package dev.switchboard.bridge.reload;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.schema.SchemaException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the config again and applies what can change while serving (see {@link
 * ReloadableSections}). Everything is built and checked before anything is swapped: a config or
 * schema with problems is refused, logged with its {@code file:line}, counted, and the running one
 * stays. One reload at a time.
 */
public final class Reloader {
  private static final Logger log = LoggerFactory.getLogger(Reloader.class);

  /**
   * Builds the parts from a config and swaps them in; throws, having swapped nothing, if it can't.
   */
  @FunctionalInterface
  public interface Target {
    void apply(BridgeConfig next) throws ConfigException, SchemaException, IOException;
  }

  private final ConfigSource source;
  private final Target target;
  private final ReloadMetrics metrics;
  private BridgeConfig running;

  public Reloader(ConfigSource source, BridgeConfig running, Target target, ReloadMetrics metrics) {
    this.source = source;
    this.running = running;
    this.target = target;
    this.metrics = metrics;
  }

  /**
   * @param trigger what asked for it ({@code SIGHUP}, a changed file), for the log
   * @return whether the new config is now in use
   */
  public synchronized boolean reload(String trigger) {
    BridgeConfig next;
    try {
      BridgeConfig read = source.read();
      List<String> restartOnly = ReloadableSections.needingRestart(running, read);
      next = ReloadableSections.effective(running, read);
      target.apply(next);
      if (!restartOnly.isEmpty()) {
        log.warn(
            "reload kept the running value of {} (changes there take effect after a restart)",
            restartOnly);
      }
    } catch (ConfigException | SchemaException | IOException | RuntimeException refused) {
      metrics.failed();
      log.error(
          "reload refused ({}), still serving the previous schema: {}", trigger, reason(refused));
      return false;
    }
    running = next;
    metrics.succeeded();
    log.info(
        "reloaded ({}): {} schema file(s); authorization {}",
        trigger,
        next.schema().files().size(),
        next.authorization().enabled() ? "on" : "off");
    return true;
  }

  private static String reason(Exception refused) {
    if (refused instanceof SchemaException) {
      return "invalid schema:\n" + refused.getMessage();
    }
    return refused instanceof RuntimeException ? refused.toString() : refused.getMessage();
  }

  /** The files whose change {@code reload.watch} reloads on: config, schema, manifests, keys. */
  public synchronized List<Path> watchedFiles() {
    List<Path> files = new ArrayList<>();
    source.file().ifPresent(files::add);
    running.schema().files().stream()
        .filter(file -> !file.startsWith("classpath:"))
        .map(Path::of)
        .forEach(files::add);
    running.documents().manifests().stream().map(Path::of).forEach(files::add);
    Optional.ofNullable(running.auth().jwksFile()).map(Path::of).ifPresent(files::add);
    Optional.ofNullable(running.identity().signingKeyFile()).map(Path::of).ifPresent(files::add);
    running.identity().publishedKeyFiles().stream().map(Path::of).forEach(files::add);
    return files;
  }
}
