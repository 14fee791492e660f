package dev.switchboard.bridge.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the NATS client's connection events and errors to our log, and tells the connection's
 * owner what happened. URLs are logged without user info, so a password in a URL stays out of the
 * log.
 */
final class NatsEvents implements ConnectionListener, ErrorListener {
  private static final Logger log = LoggerFactory.getLogger("dev.switchboard.bridge.nats");
  private final String name;
  private final Receiver receiver;

  /** What the owner of a connection hears about it (on NATS client threads). */
  interface Receiver {
    /** Connected, reconnected or resubscribed: usable now. */
    void connected(Connection connection);

    /** Dropped (it reconnects by itself) or closed for good. */
    void disconnected();

    /** Came back after dropping. */
    void reconnected();

    /** Messages were dropped for a subscriber that could not keep up. */
    void slowConsumer();

    /** An attempt to connect failed: the connection exists, though it never connected yet. */
    void attempted(Connection connection);
  }

  NatsEvents(String name, Receiver receiver) {
    this.name = name;
    this.receiver = receiver;
  }

  @Override
  public void connectionEvent(Connection connection, Events type) {
    switch (type) {
      case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
        if (type == Events.RECONNECTED) {
          receiver.reconnected();
        }
        TlsFailures.connected(connection);
        receiver.connected(connection);
        log.info(
            "NATS {} {}: {}", name, type.getEvent(), withoutUserInfo(connection.getConnectedUrl()));
      }
      case DISCONNECTED -> {
        log.warn("NATS {} disconnected; reconnecting", name);
        receiver.disconnected();
      }
      case CLOSED -> {
        log.info("NATS {} connection closed", name);
        receiver.disconnected();
      }
      default -> log.debug("NATS {} {}", name, type.getEvent());
    }
  }

  @Override
  public void errorOccurred(Connection connection, String error) {
    receiver.attempted(connection);
    log.warn("NATS {} error: {}", name, error);
  }

  @Override
  public void exceptionOccurred(Connection connection, Exception exception) {
    receiver.attempted(connection);
    Optional<String> tls = TlsFailures.explain(connection, exception);
    if (tls.isPresent()) {
      log.warn("NATS {} TLS handshake failed: {}", name, tls.get());
      return;
    }
    log.warn("NATS {} client exception: {}", name, exception.toString());
  }

  @Override
  public void slowConsumerDetected(Connection connection, io.nats.client.Consumer consumer) {
    receiver.slowConsumer();
    log.warn("NATS {} slow consumer: messages are being dropped", name);
  }

  /** {@code nats://user:secret@host:4222} as {@code nats://host:4222}. */
  static String withoutUserInfo(String url) {
    return url == null ? null : url.replaceFirst("//[^/@]*@", "//");
  }
}
