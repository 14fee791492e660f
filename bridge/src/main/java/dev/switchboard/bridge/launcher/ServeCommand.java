package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.Bridge;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.reload.ConfigSource;
import dev.switchboard.bridge.schema.SchemaException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code serve}: run the bridge until the process is stopped. SIGTERM drains for {@code
 * http.shutdownDelay}, shuts down gracefully and exits 0; SIGINT shuts down at once; SIGHUP reloads
 * the config file (the schema, permissions and keys in it).
 */
@Command(
    name = "serve",
    description = {
      "Run the bridge (the default command). SIGTERM drains and stops, SIGHUP reloads the config."
    })
final class ServeCommand implements Callable<Integer> {
  @ParentCommand private Switchboard switchboard;
  @Mixin private ConfigOption configFile;
  @Mixin private PortOption port;

  @Override
  public Integer call() {
    PrintStream err = switchboard.err();
    BridgeConfig config;
    try {
      config = port.applyTo(configFile.load(switchboard.env()));
    } catch (ConfigException invalid) {
      err.println("invalid configuration: " + invalid.getMessage());
      return 1;
    }
    if (config.nats().urls().isEmpty()) {
      err.println(
          "nats.urls is empty: set the NATS servers to connect to (or run the 'demo' command)");
      return 1;
    }
    return startAndWait(config, new ConfigFile(configFile, port, switchboard.env()), err);
  }

  /**
   * @param reloads where SIGHUP reads the config again
   */
  private static int startAndWait(BridgeConfig config, ConfigSource reloads, PrintStream err) {
    try {
      HangUpSignal hangUp = HangUpSignal.install();
      Bridge bridge = Bridge.start(config, reloads);
      Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "switchboard-shutdown"));
      TermSignal.stopsGracefully(bridge);
      hangUp.reloads(bridge);
      return 0;
    } catch (SchemaException invalid) {
      err.println("invalid schema:\n" + invalid.getMessage());
      return 1;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (RuntimeException cannotStart) {
      err.println("cannot start: " + cannotStart.getMessage());
      return 1;
    }
  }
}
