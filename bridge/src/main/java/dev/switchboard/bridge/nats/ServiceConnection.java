package dev.switchboard.bridge.nats;

import dev.switchboard.subjects.identity.IdentityVerifier;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;

/**
 * A plain NATS connection for services that run beside the bridge in one process (the demo's
 * backend): they are written with the {@code subjects} responder API like any service, and get
 * their connection, identity verifier and streams from here, so that jnats stays in this package.
 */
public final class ServiceConnection implements AutoCloseable {
  private final Connection connection;

  private ServiceConnection(Connection connection) {
    this.connection = connection;
  }

  /** Connects (blocking) to the server at {@code url}. */
  public static ServiceConnection open(String url) throws IOException, InterruptedException {
    return new ServiceConnection(Nats.connect(url));
  }

  /** A service on this connection; {@code start()} it once its endpoints are added. */
  public Responder.Builder responder(String service, String version) {
    return Responder.builder(connection, service, version);
  }

  /** Verifies identity envelopes with the public keys the bridge serves over NATS. */
  public IdentityVerifier.Builder identityVerifier() {
    return IdentityVerifier.builder().natsJwks(connection);
  }

  /**
   * Creates a file-backed stream for {@code subjects} unless one of that name exists.
   *
   * @throws IOException when the server has no JetStream or refuses the stream
   */
  public void ensureStream(String name, String subjects, Duration duplicateWindow)
      throws IOException {
    StreamConfiguration stream =
        StreamConfiguration.builder()
            .name(name)
            .subjects(subjects)
            .storageType(StorageType.File)
            .duplicateWindow(duplicateWindow)
            .build();
    try {
      JetStreamManagement streams = connection.jetStreamManagement();
      if (!streams.getStreamNames().contains(name)) {
        streams.addStream(stream);
      }
    } catch (JetStreamApiException refused) {
      throw new IOException(refused.getMessage(), refused);
    }
  }

  @Override
  public void close() throws InterruptedException {
    connection.close();
  }
}
