package dev.switchboard.subjects.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} process on a free loopback port, for tests and the demo. It is never a
 * mock: service authors can test their responders against the same server they run in production.
 *
 * <pre>{@code
 * try (LocalNatsServer nats = LocalNatsServer.builder().jetStream(true).start()) {
 *   Connection connection = Nats.connect(nats.url());
 * }
 * }</pre>
 */
public final class LocalNatsServer implements AutoCloseable {
  /** Environment variable that points at a {@code nats-server} binary outside the PATH. */
  public static final String EXECUTABLE_ENV = "NATS_SERVER";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final String INSTALL_ADVICE =
      """
      Install it:  sudo apt-get install nats-server     (Debian/Ubuntu)
                   brew install nats-server             (macOS)
                   or download a release from https://github.com/nats-io/nats-server/releases
      or set NATS_SERVER=/path/to/nats-server, or point the bridge at a running server (nats.urls).""";

  private final Path executable;
  private final List<String> extraArgs;
  private final boolean jetStream;
  private final Path workDir;
  private final int port;
  private final int monitorPort;
  private Process process;
  private Thread stopAtExit;

  private LocalNatsServer(Builder builder, int port) throws IOException {
    this.executable = builder.executable != null ? builder.executable : findExecutable();
    this.extraArgs = List.copyOf(builder.extraArgs);
    this.jetStream = builder.jetStream;
    this.workDir = Files.createTempDirectory("switchboard-nats-");
    this.port = port;
    this.monitorPort = builder.monitoring ? freePort() : 0;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A plain server (no JetStream) on a free port. */
  public static LocalNatsServer start() {
    return builder().start();
  }

  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * The HTTP monitoring endpoint ({@code /varz}, {@code /subsz}, {@code /connz}...), e.g. to prove
   * that interest went away.
   *
   * @throws IllegalStateException unless built with {@link Builder#monitoring(boolean)}
   */
  public String monitorUrl() {
    if (monitorPort == 0) {
      throw new IllegalStateException(
          "this server was started without monitoring; use builder().monitoring(true)");
    }
    return "http://127.0.0.1:" + monitorPort;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server's own log, useful when a test fails. */
  public String log() {
    try {
      return Files.readString(logFile(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      return "";
    }
  }

  /** Stops the process (for outage tests); {@link #restart()} brings it back on the same port. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  /** Starts the process again on the same port, with the same JetStream store. */
  public void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
    if (stopAtExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopAtExit);
      } catch (IllegalStateException alreadyExiting) {
        // The hook is running or has run; nothing left to undo.
      }
    }
    deleteRecursively(workDir);
  }

  /**
   * Finds {@code nats-server}: {@value #EXECUTABLE_ENV} if set, else the PATH.
   *
   * @throws NatsServerNotFoundException with installation advice when it is nowhere
   */
  public static Path findExecutable() {
    String configured = System.getenv(EXECUTABLE_ENV);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new NatsServerNotFoundException(
          EXECUTABLE_ENV + "=" + configured + " is not an executable file.\n" + INSTALL_ADVICE);
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    List<String> dirs = new ArrayList<>(List.of(pathVariable.split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/bin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nats-server");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new NatsServerNotFoundException(
        "nats-server was not found on the PATH.\n" + INSTALL_ADVICE);
  }

  private void launch() {
    List<String> command =
        new ArrayList<>(
            List.of(executable.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
    if (monitorPort != 0) {
      command.addAll(List.of("-m", Integer.toString(monitorPort)));
    }
    if (jetStream) {
      command.addAll(List.of("-js", "-sd", workDir.resolve("jetstream").toString()));
    }
    command.addAll(extraArgs);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
    } catch (IOException cannotRun) {
      throw new UncheckedIOException("could not run " + executable, cannotRun);
    }
    awaitPort();
  }

  private void awaitPort() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nats-server exited at start:\n" + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleepQuietly(20);
      }
    }
    stop();
    throw new IllegalStateException(
        "nats-server did not open port " + port + " within " + START_TIMEOUT + ":\n" + log());
  }

  private Path logFile() {
    return workDir.resolve("nats-server.log");
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temp directory left behind is harmless.
    }
  }

  /** Options for the server process. */
  public static final class Builder {
    private boolean jetStream;
    private boolean monitoring;
    private Path executable;
    private final List<String> extraArgs = new ArrayList<>();

    private Builder() {}

    public Builder jetStream(boolean enabled) {
      this.jetStream = enabled;
      return this;
    }

    /** Also serve nats-server's HTTP monitoring endpoints on a free loopback port. */
    public Builder monitoring(boolean enabled) {
      this.monitoring = enabled;
      return this;
    }

    public Builder executable(Path path) {
      this.executable = path;
      return this;
    }

    /**
     * More {@code nats-server} command-line arguments, e.g. {@code --auth s3cret} or {@code -DV}.
     */
    public Builder arg(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    /** Starts the server, retrying on another port if a race takes the chosen one. */
    public LocalNatsServer start() {
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        LocalNatsServer server;
        try {
          server = new LocalNatsServer(this, freePort());
        } catch (IOException noTempDir) {
          throw new UncheckedIOException(noTempDir);
        }
        try {
          server.launch();
          server.stopAtExit = new Thread(server::stop, "nats-server-stop");
          Runtime.getRuntime().addShutdownHook(server.stopAtExit);
          return server;
        } catch (IllegalStateException failed) {
          server.close();
          last = failed;
        }
      }
      throw last;
    }
  }
}
