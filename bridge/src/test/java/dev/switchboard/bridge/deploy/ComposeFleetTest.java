package dev.switchboard.bridge.deploy;

import static dev.switchboard.bridge.deploy.DeployFiles.CONTAINER;
import static dev.switchboard.bridge.deploy.DeployFiles.ROOT;
import static dev.switchboard.bridge.deploy.DeployFiles.at;
import static dev.switchboard.bridge.deploy.DeployFiles.listAt;
import static dev.switchboard.bridge.deploy.DeployFiles.mapAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.deploy.ManagementEndpoints.State;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.SubscribeBinding;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/container/compose.yaml with the nats, HAProxy and bridge configs it mounts: the bridges
 * load their mounted config with the bridge's own loader, and every host, port and path the pieces
 * name for each other agrees.
 */
class ComposeFleetTest {
  private static final Map<String, Object> COMPOSE =
      DeployFiles.yaml(CONTAINER.resolve("compose.yaml"));
  private static final Map<String, Object> SERVICES = mapAt(COMPOSE, "services");
  private static final Dockerfile IMAGE =
      Dockerfile.read(CONTAINER.resolve("Dockerfile")).stage(-1);
  private static final HaproxyConfig HAPROXY = HaproxyConfig.read(CONTAINER.resolve("haproxy.cfg"));
  private static final String NATS_CONF = DeployFiles.read(CONTAINER.resolve("nats.conf"));

  @TempDir static Path mounts;
  private static BridgeConfig config;

  /** The bridges as the image would run them: their mounts, the image's command. */
  @BeforeAll
  static void loadTheBridgesConfig() throws Exception {
    List<String> bridges = bridges();
    assertTrue(bridges.size() >= 2, "a fleet has two bridges or more: " + bridges);
    for (String name : bridges) {
      MountedFiles files = new MountedFiles(mounts.resolve(name));
      Map<String, Object> service = mapAt(SERVICES, name);
      for (Object volume : listAt(service, "volumes")) {
        String[] parts = volume.toString().split(":");
        assertTrue(parts[0].startsWith("./"), name + ": bind mounts only: " + volume);
        files.copy(CONTAINER.resolve(parts[0]), parts[1]);
      }
      for (Object secret : listAt(service, "secrets")) {
        String source = (String) at(secret, "source");
        Path file = CONTAINER.resolve((String) at(COMPOSE, "secrets", source, "file"));
        assertNeverCommitted(file);
        files.secret((String) at(secret, "target"));
      }
      LauncherCommand command = LauncherCommand.parse(command(service));
      assertEquals("serve", command.command());
      BridgeConfig loaded = files.config(command.config());
      MountedFiles.schema(loaded);
      config = loaded;
    }
  }

  @Test
  void bridges_areBuiltFromTheProjectsDockerfile_withTheRepositoryAsContext() {
    for (String name : bridges()) {
      Path context = CONTAINER.resolve((String) at(SERVICES, name, "build", "context")).normalize();
      assertEquals(ROOT.normalize(), context, name);
      assertEquals(
          CONTAINER.resolve("Dockerfile"),
          context.resolve((String) at(SERVICES, name, "build", "dockerfile")));
    }
  }

  @Test
  void bridges_listenOnTheImagesPorts_andItsHealthCheckProbesTheManagementPort() {
    List<String> exposed = IMAGE.last("EXPOSE").words();
    assertTrue(exposed.contains(String.valueOf(config.http().port())), exposed.toString());
    assertTrue(exposed.contains(String.valueOf(config.management().port())), exposed.toString());
    assertEquals(config.management().port(), URI.create(IMAGE.env("HEALTHCHECK_URL")).getPort());
  }

  @Test
  void bridges_runWithAReadOnlyRoot_andATmpfsForEveryImageVolume() {
    for (String name : bridges()) {
      assertEquals(true, at(SERVICES, name, "read_only"), name);
      List<Object> tmpfs = listAt(SERVICES, name, "tmpfs");
      IMAGE.last("VOLUME").words().forEach(volume -> assertTrue(tmpfs.contains(volume), volume));
    }
  }

  @Test
  void bridges_getLongerToStopThanTheirDrain() {
    Duration budget = ShutdownBudget.of(config);
    for (String name : bridges()) {
      Duration grace = DeployFiles.duration((String) at(SERVICES, name, "stop_grace_period"));
      assertTrue(grace.compareTo(budget) > 0, name + ": " + grace + " <= drain " + budget);
    }
  }

  @Test
  void natsUrls_nameTheNatsServices_onTheirClientPort() {
    Set<String> hosts = new TreeSet<>();
    for (String url : config.nats().urls()) {
      URI uri = URI.create(url);
      hosts.add(uri.getHost());
      assertEquals(natsValue(topLevel(), "port"), String.valueOf(uri.getPort()), url);
    }
    assertEquals(natsServices(), hosts);
  }

  @Test
  void natsNodes_formOneJetStreamClusterOfThree_eachWithItsNameAndStore() {
    Set<String> nodes = natsServices();
    assertEquals(3, nodes.size(), nodes.toString());
    Set<String> names = new TreeSet<>();
    Matcher route = Pattern.compile("nats-route://([\\w-]+):(\\d+)").matcher(NATS_CONF);
    Set<String> routed = new TreeSet<>();
    while (route.find()) {
      routed.add(route.group(1));
      assertEquals(natsValue(natsBlock("cluster"), "port"), route.group(2), "route port");
    }
    assertEquals(nodes, routed);
    String store = natsValue(natsBlock("jetstream"), "store_dir");
    for (String node : nodes) {
      List<String> command = command(mapAt(SERVICES, node));
      names.add(command.get(command.indexOf("--name") + 1));
      String config = command.get(command.indexOf("--config") + 1);
      List<String> volumes =
          listAt(SERVICES, node, "volumes").stream().map(Object::toString).toList();
      assertTrue(volumes.contains("./nats.conf:" + config + ":ro"), node + " " + volumes);
      assertTrue(
          volumes.stream().anyMatch(v -> v.endsWith(":" + store)),
          node + ": no volume at " + store);
    }
    assertEquals(nodes.size(), names.size(), "server names repeat: " + names);
  }

  @Test
  void natsConf_isValid_whenNatsServerIsInstalled() throws Exception {
    Optional<Path> natsServer = DeployFiles.program("nats-server");
    assumeTrue(natsServer.isPresent(), "nats-server is not installed");
    run(natsServer.get().toString(), "-t", "-c", CONTAINER.resolve("nats.conf").toString());
  }

  @Test
  void streamsService_createsTheReplicatedStreamsTheSchemaReplays() throws Exception {
    LoadedSchema schema = MountedFiles.schema(config);
    String setup = String.join(" ", command(mapAt(SERVICES, "streams")));
    for (SubscribeBinding binding : schema.bindings().subscribes()) {
      if (binding.streamName() != null) {
        assertTrue(setup.contains("stream add " + binding.streamName()), binding.coordinate());
      }
    }
    assertTrue(setup.contains("--replicas " + natsServices().size()), setup);
  }

  @Test
  void haproxy_routesToEveryBridgesApiPort_andChecksReadinessOnTheManagementPort()
      throws Exception {
    Set<String> servers = new TreeSet<>();
    for (String server : HAPROXY.directives("backend bridges", "server")) {
      String[] address = server.split(" ")[1].split(":");
      servers.add(address[0]);
      assertEquals(String.valueOf(config.http().port()), address[1], server);
    }
    assertEquals(new TreeSet<>(bridges()), servers);
    String defaults = HAPROXY.directives("backend bridges", "default-server").get(0);
    assertEquals(String.valueOf(config.management().port()), HaproxyConfig.after(defaults, "port"));
    String path =
        HaproxyConfig.after(HAPROXY.directives("backend bridges", "http-check").get(0), "uri");
    assertEquals("/readyz", path);
    try (ManagementEndpoints management = new ManagementEndpoints()) {
      assertEquals(200, management.status(path, State.SERVING));
      assertEquals(503, management.status(path, State.DRAINING));
      assertEquals(503, management.status(path, State.NATS_DOWN));
    }
  }

  @Test
  void haproxy_dropsADrainingBridge_beforeItsListenerCloses() {
    String defaults = HAPROXY.directives("backend bridges", "default-server").get(0);
    Duration noticed =
        HaproxyConfig.time(HaproxyConfig.after(defaults, "inter"))
            .multipliedBy(Long.parseLong(HaproxyConfig.after(defaults, "fall")));
    assertTrue(
        noticed.compareTo(config.http().shutdownDelay()) < 0,
        noticed + " to notice >= shutdownDelay " + config.http().shutdownDelay());
  }

  @Test
  void haproxy_keepsIdleWebSocketsAndStreamsOpen_longerThanTheBridgesKeepAlive() {
    Duration keepAlive = config.subscriptions().keepAlive();
    for (String timeout : List.of("client", "server", "tunnel")) {
      Duration value = HAPROXY.timeout("defaults", timeout);
      assertTrue(value.compareTo(keepAlive) > 0, "timeout " + timeout + " " + value);
    }
  }

  @Test
  void haproxy_listensOnThePublishedPort_andItsConfigIsMounted() {
    String bind = HAPROXY.directives("frontend graphql", "bind").get(0);
    String port = bind.substring(bind.lastIndexOf(':') + 1);
    assertTrue(listAt(SERVICES, "haproxy", "ports").contains(port + ":" + port));
    String mount = listAt(SERVICES, "haproxy", "volumes").get(0).toString();
    assertTrue(Files.isRegularFile(CONTAINER.resolve(mount.split(":")[0])), mount);
  }

  @Test
  void haproxyConfig_isValid_whenHaproxyIsInstalled() throws Exception {
    Optional<Path> haproxy = DeployFiles.program("haproxy");
    assumeTrue(haproxy.isPresent(), "haproxy is not installed");
    // the bridges' names resolve only inside compose: HAProxy warns and still says valid
    run(haproxy.get().toString(), "-c", "-f", CONTAINER.resolve("haproxy.cfg").toString());
  }

  @Test
  void bridges_believeForwardedForFromTheComposeNetworkOnly() {
    String subnet =
        (String) at(listAt(COMPOSE, "networks", "fleet", "ipam", "config").get(0), "subnet");
    assertEquals(List.of(subnet), config.http().trustedProxies());
  }

  /** Services built from a Dockerfile. */
  private static List<String> bridges() {
    return SERVICES.keySet().stream().filter(name -> at(SERVICES, name, "build") != null).toList();
  }

  private static Set<String> natsServices() {
    Set<String> nats = new TreeSet<>();
    SERVICES.forEach(
        (name, service) -> {
          if (String.valueOf(at(service, "image")).startsWith("nats:")) {
            nats.add(name);
          }
        });
    return nats;
  }

  /** The service's command, or the image's when it has none. */
  private static List<String> command(Map<String, Object> service) {
    List<Object> command = listAt(service, "command");
    return command.isEmpty()
        ? IMAGE.last("CMD").words()
        : command.stream().map(Object::toString).toList();
  }

  /** nats.conf without its blocks: the top-level keys. */
  private static String topLevel() {
    return NATS_CONF.replaceAll("(?s)\\{[^}]*\\}", "{}");
  }

  /** The text of a block of nats.conf ({@code cluster { ... }}). */
  private static String natsBlock(String name) {
    Matcher block = Pattern.compile("(?s)\\b" + name + "\\s*\\{([^}]*)\\}").matcher(NATS_CONF);
    assertTrue(block.find(), "nats.conf has no " + name + " block");
    return block.group(1);
  }

  /** A value in nats.conf text: {@code port: 4222}. */
  private static String natsValue(String text, String key) {
    Matcher value = Pattern.compile("(?m)^\\s*" + key + ":\\s*(\\S+)").matcher(text);
    assertTrue(value.find(), "nats.conf has no " + key);
    return value.group(1);
  }

  private static void assertNeverCommitted(Path secret) {
    Path ignore = secret.getParent().resolve(".gitignore");
    List<String> rules = DeployFiles.read(ignore).lines().map(String::strip).toList();
    assertTrue(rules.contains("*"), ignore + " must ignore every generated secret");
    assertFalse(rules.contains("!" + secret.getFileName()), secret + " is not ignored");
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.exitValue(), output);
  }
}
