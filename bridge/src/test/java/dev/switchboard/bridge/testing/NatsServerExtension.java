package dev.switchboard.bridge.testing;

import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real nats-server for a test class, and the connections and bridges a test opens on it, closed
 * for it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NatsServerExtension nats = new NatsServerExtension();
 *
 * @BeforeEach
 * void start() {
 *   services = nats.connect();         // closed after this test
 *   bridge = nats.startBridge(sdl);    // closed after this test, before the connection
 *   spy = nats.spy(prefix + ".>");     // what this test sends, closed first
 * }
 * }</pre>
 *
 * <p>Register it on a static field. The server starts before the class's {@code @BeforeAll} methods
 * and stops after its {@code @AfterAll} methods; with {@link #perTest()} each test gets its own,
 * for tests that stop or restart it. What {@link #connect()}, {@link #spy} and {@link #startBridge}
 * open is closed newest first: after the test (and after the class's {@code @AfterEach} methods)
 * when a test or {@code @BeforeEach} opened it, after the class when {@code @BeforeAll} did. It
 * assumes the tests of a class run one at a time, JUnit's default.
 */
public final class NatsServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final LocalNatsServer.Builder options = LocalNatsServer.builder();
  private final Deque<AutoCloseable> classResources = new ArrayDeque<>();
  private final Deque<AutoCloseable> testResources = new ArrayDeque<>();
  private boolean perTest;
  private boolean inTest;
  private LocalNatsServer server;

  /** With JetStream (a store in the server's own temp directory). */
  public NatsServerExtension jetStream() {
    options.jetStream(true);
    return this;
  }

  /**
   * With nats-server's HTTP monitoring ({@code server().monitorUrl()}), e.g. to read {@code
   * /subsz}.
   */
  public NatsServerExtension monitoring() {
    options.monitoring(true);
    return this;
  }

  /** A fresh server for every test instead of one per class: for tests that stop or restart it. */
  public NatsServerExtension perTest() {
    perTest = true;
    return this;
  }

  /** The running server: {@code stop()} and {@code restart()} for outage tests. */
  public LocalNatsServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "no nats-server running: register the extension on a static field"
              + (perTest ? "; with perTest() it runs only around each test" : ""));
    }
    return server;
  }

  public String url() {
    return server().url();
  }

  /** A plain jnats connection to the server, closed after the test (or class) that opened it. */
  public Connection connect() {
    try {
      return closeAfterwards(Nats.connect(url()));
    } catch (IOException failed) {
      throw new UncheckedIOException("could not connect to " + url(), failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  /**
   * A {@link SubjectSpy} on {@code pattern} over a connection of its own, both closed after the
   * test (or class) that opened it: open it in {@code @BeforeEach} to see only what one test sent.
   */
  public SubjectSpy spy(String pattern) {
    return closeAfterwards(new SubjectSpy(connect(), pattern));
  }

  /**
   * A bridge serving {@code sdl} in front of the server, closed after the test (or class) that
   * started it.
   */
  public TestBridge startBridge(String sdl) {
    return closeAfterwards(TestBridge.start(server(), sdl));
  }

  /**
   * @see TestBridge#start(LocalNatsServer, String, String)
   */
  public TestBridge startBridge(String sdl, String extraYaml) {
    return closeAfterwards(TestBridge.start(server(), sdl, extraYaml));
  }

  /**
   * @see TestBridge#start(LocalNatsServer, String, String, Map)
   */
  public TestBridge startBridge(String sdl, String extraYaml, Map<String, String> env) {
    return closeAfterwards(TestBridge.start(server(), sdl, extraYaml, env));
  }

  /**
   * A bridge with a {@code nats:} section of the test's own (named connections, TLS), closed
   * afterwards.
   *
   * @see TestBridge#withNats(String, String, String, Map)
   */
  public TestBridge startBridgeWithNats(String natsYaml, String sdl, String extraYaml) {
    return closeAfterwards(TestBridge.withNats(natsYaml, sdl, extraYaml, Map.of()));
  }

  private <T extends AutoCloseable> T closeAfterwards(T resource) {
    (inTest ? testResources : classResources).push(resource);
    return resource;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!perTest) {
      server = options.start();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    inTest = true;
    if (perTest) {
      server = options.start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    inTest = false;
    try {
      closeAll(testResources);
    } finally {
      if (perTest) {
        stopServer();
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      closeAll(classResources);
    } finally {
      stopServer();
    }
  }

  private void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Closes every resource, newest first, even when one fails; the first failure is thrown. */
  private static void closeAll(Deque<AutoCloseable> resources) throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception failed) {
        if (first == null) {
          first = failed;
        } else {
          first.addSuppressed(failed);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
