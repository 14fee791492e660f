package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.subjects.testing.LocalNatsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a real process the way CI and operators run it. */
@Timeout(120)
class LauncherIT {
  static final Path JAR =
      Path.of(System.getProperty("basedir", ".")).resolve("target/switchboard.jar");
  @TempDir Path dir;
  String prefix;

  @BeforeAll
  static void needsTheJar() {
    Assumptions.assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": run `mvn package` first");
  }

  @BeforeEach
  void writeSchema() throws IOException {
    prefix = Subjects.uniquePrefix();
    Files.writeString(
        dir.resolve("schema.graphql"),
        """
        type Query {
          order(id: ID!): Order @natsRequest(subject: "%s.orders.{{ args.id }}", timeout: "2s")
        }
        type Order { id: ID! }
        """
            .formatted(prefix));
  }

  @Test
  void check_validConfig_exits0AndListsTheFields() throws Exception {
    Path config = config("schema:\n  files: [\"schema.graphql\"]\n");

    Run run = run(Map.of(), "check", "--config", config.toString());

    assertEquals(0, run.exit(), run::toString);
    assertTrue(
        run.out().contains("Query.order -> request " + prefix + ".orders.{{ args.id }}"),
        run::toString);
  }

  @Test
  void check_badTemplate_exits1AndNamesFileLineTypeFieldAndReason() throws Exception {
    Files.writeString(
        dir.resolve("bad.graphql"),
        """
        type Query {
          order(id: ID!): Order @natsRequest(subject: "orders.{{ args.nope }}")
        }
        type Order { id: ID! }
        """);
    Path config = config("schema:\n  files: [\"bad.graphql\"]\n");

    Run run = run(Map.of(), "check", "--config", config.toString());

    assertEquals(1, run.exit(), run::toString);
    assertTrue(run.err().contains("bad.graphql:2"), run::toString);
    assertTrue(run.err().contains("Query.order"), run::toString);
    assertTrue(
        run.err().contains("args.nope") && run.err().contains("names no argument"), run::toString);
  }

  @Test
  void check_configError_exits1AndNamesTheKey() throws Exception {
    Path config = config("http:\n  port: lots\nschema:\n  files: [\"schema.graphql\"]\n");

    Run run = run(Map.of(), "check", "--config", config.toString());

    assertEquals(1, run.exit(), run::toString);
    assertTrue(run.err().contains("http.port"), run::toString);
  }

  @Test
  void schema_printsTheClientSdlWithoutBridgeDirectives() throws Exception {
    Path config = config("schema:\n  files: [\"schema.graphql\"]\n");

    Run run = run(Map.of(), "schema", "--config", config.toString());

    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().contains("order(id: ID!): Order"), run::toString);
    assertFalse(run.out().contains("natsRequest"), run::toString);
    assertFalse(run.out().contains(prefix), "subjects are internal: " + run);
  }

  @Test
  void unknownCommand_exits2WithUsage() throws Exception {
    Run run = run(Map.of(), "frobnicate");

    assertEquals(2, run.exit(), run::toString);
    assertTrue(
        run.err().contains("unknown command: frobnicate")
            && run.err().contains("Usage: switchboard [-hV] [COMMAND]"),
        run::toString);
  }

  @Test
  void version_printsTheVersionBuiltIntoTheJar() throws Exception {
    Run run = run(Map.of(), "--version");

    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().matches("switchboard \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), run::toString);
  }

  @Test
  void help_ofACommand_exits0WithItsOptions() throws Exception {
    Run run = run(Map.of(), "permissions", "--help");

    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().contains("--format=FORMAT"), run::toString);
  }

  @Test
  void demo_withoutNatsServer_exits1WithInstallAdvice() throws Exception {
    Run run = run(Map.of("NATS_SERVER", "/nonexistent/nats-server"), "demo", "--port", "0");

    assertEquals(1, run.exit(), run::toString);
    assertTrue(run.err().contains("apt-get install nats-server"), run::toString);
  }

  @Test
  void serve_startsUntilReady_andStopsOnSigtermWithExitCode0() throws Exception {
    int port = freePort();
    try (LocalNatsServer nats = LocalNatsServer.start()) {
      Process serve = serve(nats, port);
      try {
        assertTrue(awaitReady(port, serve, Duration.ofSeconds(60)), "never ready: " + output());

        serve.destroy();

        assertTrue(serve.waitFor(15, TimeUnit.SECONDS), "still running 15 s after SIGTERM");
        assertEquals(0, serve.exitValue(), "a stop that was asked for is no failure: " + output());
        assertFalse(accepts(port), "the port is still open after exit");
      } finally {
        serve.destroyForcibly();
      }
    }
  }

  @Test
  void serve_sighup_reloadsTheSchemaFileAndKeepsRunning() throws Exception {
    int port = freePort();
    try (LocalNatsServer nats = LocalNatsServer.start()) {
      Process serve = serve(nats, port);
      try {
        assertTrue(awaitReady(port, serve, Duration.ofSeconds(60)), "never ready: " + output());
        Files.writeString(
            dir.resolve("schema.graphql"),
            """
            type Query {
              invoice(id: ID!): Invoice @natsRequest(subject: "%s.invoices.{{ args.id }}")
            }
            type Invoice { id: ID! }
            """
                .formatted(prefix));

        new ProcessBuilder("kill", "-HUP", Long.toString(serve.pid())).start().waitFor();

        Probes.awaitTrue(
            () -> outputOrNothing().contains("reloaded (SIGHUP"),
            () -> "no reload: " + outputOrNothing());
        assertTrue(serve.isAlive(), "SIGHUP must not stop the bridge: " + output());
        GraphQLClient client = new GraphQLClient(port);
        assertEquals(
            "GRAPHQL_VALIDATION_FAILED",
            client.query("{ order(id: \"1\") { id } }").firstCode(),
            "the old field is gone");
        assertEquals(
            "SERVICE_UNAVAILABLE",
            client.query("{ invoice(id: \"1\") { id } }").firstCode(),
            "the new field is served (no service answers it here)");
      } finally {
        serve.destroyForcibly();
      }
    }
  }

  @Test
  void serve_graphiql_unpacksOnlyTheFilesItServesAndNeverBlocksTheEventLoop() throws Exception {
    int port = freePort();
    Path cache = dir.resolve("vertx-cache");
    try (LocalNatsServer nats = LocalNatsServer.start()) {
      Process serve =
          serve(
              nats,
              port,
              ", graphiql: true",
              Map.of("JAVA_TOOL_OPTIONS", "-Dvertx.cacheDirBase=" + cache));
      try {
        assertTrue(awaitReady(port, serve, Duration.ofSeconds(60)), "never ready: " + output());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = get(http, port, "/graphiql/");
        assertEquals(200, page.statusCode(), page.body());
        Matcher script = Pattern.compile("src=\"\\./(static/js/[^\"]+)\"").matcher(page.body());
        assertTrue(script.find(), page.body());
        assertEquals(200, get(http, port, "/graphiql/" + script.group(1)).statusCode());
        assertEquals(404, get(http, port, "/graphiql/static/js/nope.js").statusCode());

        // Vert.x unpacks class-path resources into its file cache: with directory entries in the
        // jar it unpacked all of io/** (7,000 files) on an event loop at the first page load
        List<Path> unpacked;
        try (Stream<Path> files = Files.walk(dir)) {
          unpacked =
              files
                  .filter(file -> file.getFileName().toString().startsWith("vertx-cache-"))
                  .findFirst()
                  .map(LauncherIT::filesUnder)
                  .orElse(List.of());
        }
        assertEquals(2, unpacked.size(), unpacked::toString);
        assertTrue(
            unpacked.stream()
                .allMatch(file -> file.toString().contains("io/vertx/ext/web/handler/graphiql/")),
            unpacked::toString);
        assertFalse(output().contains("has been blocked"), output());
      } finally {
        serve.destroyForcibly();
      }
    }
  }

  static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static List<Path> filesUnder(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException unreadable) {
      throw new java.io.UncheckedIOException(unreadable);
    }
  }

  @Test
  void demo_stopsOnSigtermWithExitCode0() throws Exception {
    Process demo = start(Map.of(), "demo", "--port", "0");
    try {
      Probes.awaitTrue(
          () -> outputOrNothing().contains("Switchboard demo is running"),
          () -> "the demo did not start: " + outputOrNothing());

      demo.destroy();

      assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
      assertEquals(0, demo.exitValue(), output());
    } finally {
      demo.destroyForcibly();
    }
  }

  /** {@code serve} of this test's schema on {@code port}, connected to {@code nats}. */
  Process serve(LocalNatsServer nats, int port) throws IOException {
    return serve(nats, port, "", Map.of());
  }

  /** The same, with more {@code http} settings (", key: value") and environment variables. */
  Process serve(LocalNatsServer nats, int port, String moreHttp, Map<String, String> env)
      throws IOException {
    Path config =
        config(
            """
        http: {host: 127.0.0.1%s}
        nats: {urls: ["%s"]}
        schema: {files: ["schema.graphql"]}
        """
                .formatted(moreHttp, nats.url()));
    // as a service manager starts it: a test run under nohup would hand its ignored SIGHUP down
    return start(
        List.of("env", "--default-signal=HUP"),
        env,
        "serve",
        "--config",
        config.toString(),
        "--port",
        Integer.toString(port));
  }

  String outputOrNothing() {
    try {
      return output();
    } catch (IOException unreadable) {
      return unreadable.toString();
    }
  }

  Path config(String yaml) throws IOException {
    return Files.writeString(dir.resolve("switchboard-" + System.nanoTime() + ".yaml"), yaml);
  }

  /** Runs the jar to completion (at most 60 s). */
  Run run(Map<String, String> env, String... args) throws Exception {
    Process process = start(env, args);
    try {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not exit: " + output());
      return new Run(
          process.exitValue(),
          Files.readString(dir.resolve("out.txt")),
          Files.readString(dir.resolve("err.txt")));
    } finally {
      process.destroyForcibly();
    }
  }

  Process start(Map<String, String> env, String... args) throws IOException {
    return start(List.of(), env, args);
  }

  /**
   * @param prefix what runs the JVM (e.g. {@code env} with options), or nothing
   */
  Process start(List<String> prefix, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("SWITCHBOARD_") || name.equals("NATS_SERVER"));
    builder.environment().putAll(env);
    return builder.start();
  }

  String output() throws IOException {
    return Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt"));
  }

  static boolean awaitReady(int port, Process process, Duration within)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest readyz =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return false;
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A finished run: exit code and what it printed. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
