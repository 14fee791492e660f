package dev.switchboard.bridge.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the NATS client's connection events and errors to our log, and reports new connections.
 */
final class NatsEvents implements ConnectionListener, ErrorListener {
  private static final Logger log = LoggerFactory.getLogger("dev.switchboard.bridge.nats");
  private final Consumer<Connection> onConnected;

  NatsEvents(Consumer<Connection> onConnected) {
    this.onConnected = onConnected;
  }

  @Override
  public void connectionEvent(Connection connection, Events type) {
    switch (type) {
      case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
        TlsFailures.connected(connection);
        onConnected.accept(connection);
        log.info("NATS {}: {}", type.getEvent(), connection.getConnectedUrl());
      }
      case DISCONNECTED -> log.warn("NATS disconnected; reconnecting");
      case CLOSED -> log.info("NATS connection closed");
      default -> log.debug("NATS {}", type.getEvent());
    }
  }

  @Override
  public void errorOccurred(Connection connection, String error) {
    log.warn("NATS error: {}", error);
  }

  @Override
  public void exceptionOccurred(Connection connection, Exception exception) {
    Optional<String> tls = TlsFailures.explain(connection, exception);
    if (tls.isPresent()) {
      log.warn("NATS TLS handshake failed: {}", tls.get());
      return;
    }
    log.warn("NATS client exception: {}", exception.toString());
  }

  @Override
  public void slowConsumerDetected(Connection connection, io.nats.client.Consumer consumer) {
    log.warn("NATS slow consumer: messages are being dropped");
  }
}
