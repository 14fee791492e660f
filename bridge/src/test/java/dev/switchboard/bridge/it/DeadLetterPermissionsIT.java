package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.bridge.config.BridgeConfig;
import dev.switchboard.bridge.config.ConfigLoader;
import dev.switchboard.bridge.permissions.ConfFormat;
import dev.switchboard.bridge.permissions.PermissionsDeriver;
import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permissions {@code permissions} prints for a config with dead letters are enough: a bridge
 * whose NATS user has exactly those creates its dead-letter stream and records a failed mutation
 * there, and nats-server logs no permissions violation.
 */
@Timeout(60)
class DeadLetterPermissionsIT {
  @TempDir Path dir;

  @Test
  void bridgeWithThePrintedPermissions_createsItsStream_andRecordsADeadLetter() throws Exception {
    Files.writeString(
        dir.resolve("api.graphql"),
        """
        type Query { ping: String @natsRequest(subject: "lp.ping") }
        type Mutation { place(id: ID!): String @natsRequest(subject: "lp.place.{{ args.id }}") }
        """);
    BridgeConfig config =
        ConfigLoader.parse(
            """
            http: {host: 127.0.0.1, port: 0}
            schema: {files: [api.graphql]}
            deadLetters: {stream: LP_DEAD, subject: lp.dead, maxBytes: 1048576}
            """,
            dir,
            Map.of("SWITCHBOARD_NATS_USER", "bridge", "SWITCHBOARD_NATS_PASSWORD", "bridge-secret"),
            "test config");
    String permissions =
        ConfFormat.render(
            PermissionsDeriver.derive(config, "default").permissions(), List.of("printed"));
    Path conf = dir.resolve("nats-server.conf");
    Files.writeString(
        conf,
        """
        authorization {
          users = [
            { user: admin, password: admin-secret }
            { user: bridge, password: bridge-secret
        %s    }
          ]
        }
        """
            .formatted(permissions));
    try (LocalNatsServer server =
            LocalNatsServer.builder().jetStream(true).arg("-c", conf.toString(), "-DV").start();
        TestBridge bridge = TestBridge.start(config.withNatsUrls(List.of(server.url())));
        Connection admin =
            Nats.connect(
                new Options.Builder()
                    .server(server.url())
                    .userInfo("admin", "admin-secret")
                    .build())) {
      Response response =
          bridge
              .client()
              .post(GraphQLClient.body("mutation { place(id: \"1\") }", null, null), Map.of());

      assertEquals("SERVICE_UNAVAILABLE", response.firstCode(), response.text());
      JetStreamManagement streams = admin.jetStreamManagement();
      Probes.awaitTrue(
          () -> {
            try {
              return streams.getStreamInfo("LP_DEAD").getStreamState().getMsgCount() == 1;
            } catch (Exception notYet) {
              return false;
            }
          },
          () -> "no dead letter on LP_DEAD");
      assertEquals(
          List.of(),
          server.log().lines().filter(line -> line.contains("Violation - User")).toList());
    }
  }
}
