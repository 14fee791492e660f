package dev.switchboard.subjects.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test server itself: a real process that starts, stops, comes back and tells what it did. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings(
    "try") // Connection.close() may throw InterruptedException; the tests declare Exception
class LocalNatsServerIT {
  private static final String PREFIX = "it-local-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void start_urlConnectsAndCarriesMessages() throws Exception {
    try (LocalNatsServer nats = LocalNatsServer.start();
        Connection connection = Nats.connect(nats.url())) {

      assertTrue(nats.isRunning());
      assertEquals("nats://127.0.0.1:" + nats.port(), nats.url());
      assertEquals(Connection.Status.CONNECTED, connection.getStatus());
      assertPubSubWorks(connection, PREFIX + ".start");
    }
  }

  @Test
  void start_twice_givesTwoServersOnDifferentPorts() {
    try (LocalNatsServer first = LocalNatsServer.start();
        LocalNatsServer second = LocalNatsServer.start()) {
      assertTrue(first.port() != second.port(), "ports " + first.port() + " and " + second.port());
      assertTrue(first.isRunning() && second.isRunning());
    }
  }

  @Test
  void stopThenRestart_samePort_serves() throws Exception {
    try (LocalNatsServer nats = LocalNatsServer.start()) {
      int port = nats.port();

      nats.stop();
      assertFalse(nats.isRunning());
      assertThrows(IOException.class, () -> Nats.connect(noReconnect(nats.url())));

      nats.restart();
      assertTrue(nats.isRunning());
      assertEquals(port, nats.port());
      try (Connection connection = Nats.connect(nats.url())) {
        assertPubSubWorks(connection, PREFIX + ".restart");
      }
    }
  }

  @Test
  void restart_existingConnection_reconnects() throws Exception {
    try (LocalNatsServer nats = LocalNatsServer.start();
        Connection connection =
            Nats.connect(
                Options.builder()
                    .server(nats.url())
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(50))
                    .errorListener(new ErrorListener() {})
                    .build())) { // the outage is the point: no jnats log

      nats.stop();
      awaitStatus(
          connection, status -> status != Connection.Status.CONNECTED, Duration.ofSeconds(15));
      nats.restart();

      awaitStatus(
          connection, status -> status == Connection.Status.CONNECTED, Duration.ofSeconds(15));
      assertPubSubWorks(connection, PREFIX + ".reconnect");
    }
  }

  @Test
  void jetStream_enabled_answersJetStreamApiAndKeepsStreamsAcrossRestart() throws Exception {
    try (LocalNatsServer nats = LocalNatsServer.builder().jetStream(true).start()) {
      String stream = "ORDERS_" + UUID.randomUUID().toString().substring(0, 8);
      try (Connection connection = Nats.connect(nats.url())) {
        JetStreamManagement jsm = connection.jetStreamManagement();

        assertNotNull(jsm.getAccountStatistics());
        jsm.addStream(
            StreamConfiguration.builder()
                .name(stream)
                .subjects(PREFIX + ".js.>")
                .storageType(StorageType.File)
                .build());
        connection.jetStream().publish(PREFIX + ".js.placed", "{}".getBytes(UTF_8));
      }

      nats.restart();

      try (Connection connection = Nats.connect(nats.url())) {
        assertEquals(
            1,
            connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount(),
            "the store outlives the process");
      }
    }
  }

  @Test
  void jetStream_default_isOff() throws Exception {
    try (LocalNatsServer nats = LocalNatsServer.start();
        Connection connection = Nats.connect(nats.url())) {

      assertThrows(
          IOException.class, () -> connection.jetStreamManagement().getAccountStatistics());
    }
  }

  @Test
  void log_returnsServerOutput() {
    try (LocalNatsServer nats = LocalNatsServer.start()) {
      String log = nats.log();

      assertTrue(log.contains("Listening for client connections on 127.0.0.1:" + nats.port()), log);
      assertTrue(log.contains("Server is ready"), log);
    }
  }

  @Test
  void arg_isPassedToTheServer() throws Exception {
    try (LocalNatsServer nats = LocalNatsServer.builder().arg("--auth", "s3cret-token").start()) {

      assertThrows(AuthenticationException.class, () -> Nats.connect(noReconnect(nats.url())));
      try (Connection connection =
          Nats.connect(
              Options.builder().server(nats.url()).token("s3cret-token".toCharArray()).build())) {
        assertPubSubWorks(connection, PREFIX + ".auth");
      }
    }
  }

  @Test
  void start_serverRefusesArguments_failsWithItsOutput() {
    IllegalStateException failed =
        assertThrows(
            IllegalStateException.class,
            () -> LocalNatsServer.builder().arg("--no-such-flag").start());

    assertTrue(failed.getMessage().contains("nats-server exited at start"), failed.getMessage());
    assertTrue(failed.getMessage().contains("no-such-flag"), failed.getMessage());
  }

  @Test
  void executable_missing_failsNamingIt() {
    Path nowhere = Path.of("/nonexistent/nats-server");

    UncheckedIOException failed =
        assertThrows(
            UncheckedIOException.class,
            () -> LocalNatsServer.builder().executable(nowhere).start());

    assertEquals("could not run " + nowhere, failed.getMessage());
  }

  @Test
  void close_stopsTheProcess() throws Exception {
    LocalNatsServer nats = LocalNatsServer.start();
    String url = nats.url();

    nats.close();

    assertFalse(nats.isRunning());
    assertThrows(IOException.class, () -> Nats.connect(noReconnect(url)));
  }

  // ---- helpers ----

  /** For connections expected to fail: one try, and no jnats error log for the expected failure. */
  private static Options noReconnect(String url) {
    return Options.builder()
        .server(url)
        .maxReconnects(0)
        .connectionTimeout(Duration.ofSeconds(1))
        .errorListener(new ErrorListener() {})
        .build();
  }

  private static void assertPubSubWorks(Connection connection, String subject) throws Exception {
    Subscription subscription = connection.subscribe(subject);
    connection.flush(Duration.ofSeconds(2));
    connection.publish(subject, "ping".getBytes(UTF_8));

    Message received = subscription.nextMessage(Duration.ofSeconds(5));

    assertNotNull(received, "no message on " + subject);
    assertEquals("ping", new String(received.getData(), UTF_8));
    subscription.unsubscribe();
  }

  private static void awaitStatus(
      Connection connection, Predicate<Connection.Status> wanted, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!wanted.test(connection.getStatus()) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(wanted.test(connection.getStatus()), "status is " + connection.getStatus());
  }
}
