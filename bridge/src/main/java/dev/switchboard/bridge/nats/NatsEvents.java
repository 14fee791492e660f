package dev.switchboard.bridge.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the NATS client's connection events and errors to our log, and reports new connections.
 */
final class NatsEvents implements ConnectionListener, ErrorListener {
  private static final Logger log = LoggerFactory.getLogger("dev.switchboard.bridge.nats");
  private final String name;
  private final Consumer<Connection> onConnected;
  private final Runnable onDisconnected;
  private final Runnable onSlowConsumer;
  private final Runnable onReconnected;

  NatsEvents(
      String name,
      Consumer<Connection> onConnected,
      Runnable onDisconnected,
      Runnable onSlowConsumer,
      Runnable onReconnected) {
    this.onReconnected = onReconnected;
    this.name = name;
    this.onConnected = onConnected;
    this.onDisconnected = onDisconnected;
    this.onSlowConsumer = onSlowConsumer;
  }

  @Override
  public void connectionEvent(Connection connection, Events type) {
    switch (type) {
      case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
        if (type == Events.RECONNECTED) {
          onReconnected.run();
        }
        onConnected.accept(connection);
        log.info("NATS {} {}: {}", name, type.getEvent(), connection.getConnectedUrl());
      }
      case DISCONNECTED -> {
        log.warn("NATS {} disconnected; reconnecting", name);
        onDisconnected.run();
      }
      case CLOSED -> {
        log.info("NATS {} connection closed", name);
        onDisconnected.run();
      }
      default -> log.debug("NATS {}", type.getEvent());
    }
  }

  @Override
  public void errorOccurred(Connection connection, String error) {
    log.warn("NATS error: {}", error);
  }

  @Override
  public void exceptionOccurred(Connection connection, Exception exception) {
    log.warn("NATS client exception: {}", exception.toString());
  }

  @Override
  public void slowConsumerDetected(Connection connection, io.nats.client.Consumer consumer) {
    onSlowConsumer.run();
    log.warn("NATS {} slow consumer: messages are being dropped", name);
  }
}
