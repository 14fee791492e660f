package dev.switchboard.bridge.launcher;

import dev.switchboard.bridge.Bridge;
import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigException;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.demo.DemoConfig;
import dev.switchboard.bridge.demo.DemoServices;
import dev.switchboard.bridge.demo.DemoTokenRoute;
import dev.switchboard.bridge.demo.DevIdentityProvider;
import dev.switchboard.bridge.nats.ServiceConnection;
import dev.switchboard.bridge.schema.SchemaException;
import dev.switchboard.subjects.testing.LocalNatsServer;
import dev.switchboard.subjects.testing.NatsServerNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: everything on one machine. Without configured NATS URLs it starts a local {@code
 * nats-server} on a free loopback port; it runs the demo services (written with the {@code
 * subjects} responder API) and serves the demo schema with GraphiQL.
 */
@Command(
    name = "demo",
    description = {
      "Run a self-contained demo: a local nats-server (unless the config names NATS URLs), the"
          + " demo services and GraphiQL.",
      "Without --config it serves the built-in demo schema with a dev identity provider."
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand private Switchboard switchboard;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "a config file to run instead of the built-in demo config")
  private String configFile;

  @Mixin private PortOption port;

  @Override
  public Integer call() {
    PrintStream out = switchboard.out();
    PrintStream err = switchboard.err();
    BridgeConfig config;
    DevIdentityProvider identityProvider = null;
    try {
      if (configFile != null) {
        config = ConfigFiles.load(configFile, switchboard.env());
      } else {
        identityProvider = DevIdentityProvider.start();
        config =
            ConfigLoader.parse(
                DemoConfig.YAML.formatted(
                    DevIdentityProvider.ISSUER,
                    DevIdentityProvider.AUDIENCE,
                    identityProvider.jwksFile()),
                null,
                switchboard.env(),
                "(built-in demo config)");
      }
    } catch (ConfigException invalid) {
      err.println("invalid configuration: " + invalid.getMessage());
      return 1;
    } catch (IOException cannotStart) {
      err.println("cannot start the demo identity provider: " + cannotStart.getMessage());
      return 1;
    }
    config = port.applyTo(config);
    LocalNatsServer localNats = null;
    try {
      if (config.nats().urls().isEmpty()) {
        localNats = LocalNatsServer.builder().jetStream(true).start();
        config = config.withNatsUrls(List.of(localNats.url()));
        out.println("started nats-server at " + localNats.url());
      }
      ServiceConnection services = ServiceConnection.open(config.nats().urls().get(0));
      DemoServices.start(services);
      DevIdentityProvider tokens = identityProvider;
      Bridge bridge =
          Bridge.start(
              config,
              router -> {
                if (tokens != null) {
                  DemoTokenRoute.add(router, tokens);
                }
              });
      bridge.awaitNats(Duration.ofSeconds(10));
      LocalNatsServer startedNats = localNats;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    bridge.close();
                    closeQuietly(services);
                    if (startedNats != null) {
                      startedNats.close();
                    }
                  },
                  "switchboard-demo-shutdown"));
      TermSignal.stopsGracefully(bridge);
      printWelcome(out, config.http().host(), bridge.port(), tokens != null);
      return 0;
    } catch (NatsServerNotFoundException missing) {
      err.println(missing.getMessage());
      return 1;
    } catch (SchemaException invalid) {
      err.println("invalid schema:\n" + invalid.getMessage());
      stop(localNats);
      return 1;
    } catch (IOException | RuntimeException cannotStart) {
      err.println("cannot start the demo: " + cannotStart.getMessage());
      stop(localNats);
      return 1;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      stop(localNats);
      return 1;
    }
  }

  private static void printWelcome(PrintStream out, String host, int port, boolean devTokens) {
    String base = "http://" + host + ":" + port;
    out.println();
    out.println("Switchboard demo is running.");
    out.println("  GraphiQL:  " + base + "/graphiql/");
    out.println("  Try:       curl -s " + base + "/graphql -H 'content-type: application/json' \\");
    out.println(
        "               -d '{\"query\":\"{ order(id: \\\"1\\\") { id status total customer { name } } }\"}'");
    if (devTokens) {
      printSignIn(out, base);
    }
    out.println("  Stop with Ctrl-C.");
  }

  private static void printSignIn(PrintStream out, String base) {
    out.println(
        "  Sign in:   TOKEN=$(curl -s '"
            + base
            + "/demo/token?sub=alice&roles=customer&tenant=acme')");
    out.println("             curl -s " + base + "/graphql -H \"authorization: Bearer $TOKEN\" \\");
    out.println(
        "               -H 'content-type: application/json' -d '{\"query\":\"{ myInvoices { id amount } }\"}'");
  }

  private static void stop(LocalNatsServer nats) {
    if (nats != null) {
      nats.close();
    }
  }

  private static void closeQuietly(ServiceConnection connection) {
    try {
      connection.close();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
