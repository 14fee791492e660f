package dev.switchboard.subjects.testing;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real nats-server for a test class, and the connections opened on it closed for it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NatsServerExtension nats = new NatsServerExtension();
 *
 * @BeforeAll
 * static void connect() {
 *   service = nats.connect();   // closed after the class
 * }
 * }</pre>
 *
 * <p>Register it on a static field: the server starts before the class's {@code @BeforeAll} methods
 * and stops after its {@code @AfterAll} methods. A connection is closed, newest first, after the
 * test that opened it (after the class's {@code @AfterEach} methods), or after the class when
 * {@code @BeforeAll} opened it. It assumes the tests of a class run one at a time, JUnit's default.
 * The bridge's tests have their own, which also starts bridges.
 */
public final class NatsServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Deque<Connection> classConnections = new ArrayDeque<>();
  private final Deque<Connection> testConnections = new ArrayDeque<>();
  private boolean inTest;
  private LocalNatsServer server;

  public LocalNatsServer server() {
    if (server == null) {
      throw new IllegalStateException("no nats-server: register the extension on a static field");
    }
    return server;
  }

  public String url() {
    return server().url();
  }

  /** A plain jnats connection to the server. */
  public Connection connect() {
    return connect(Options.builder());
  }

  /** A connection with these options; the server's URL is added to them. */
  public Connection connect(Options.Builder options) {
    try {
      Connection connection = Nats.connect(options.server(url()).build());
      (inTest ? testConnections : classConnections).push(connection);
      return connection;
    } catch (IOException failed) {
      throw new UncheckedIOException("could not connect to " + url(), failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = LocalNatsServer.start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    inTest = true;
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    inTest = false;
    closeAll(testConnections);
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    try {
      closeAll(classConnections);
    } finally {
      if (server != null) {
        server.close();
        server = null;
      }
    }
  }

  private static void closeAll(Deque<Connection> connections) throws InterruptedException {
    while (!connections.isEmpty()) {
      connections.pop().close();
    }
  }
}
