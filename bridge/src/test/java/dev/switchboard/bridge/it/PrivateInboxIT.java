package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replies come back to the bridge's own inboxes ({@code nats.inboxPrefix}), never to the shared
 * {@code _INBOX.>}: request replies and JetStream acknowledgements alike, so the bridge's NATS user
 * needs subscribe permission on its own inbox prefix only.
 */
@Timeout(30)
class PrivateInboxIT {
  static final String SDL =
      """
      type Query { ping: String @natsRequest(subject: "%1$s.ping", timeout: "2s") }
      type Mutation {
        record(id: ID!): PublishResult @natsPublish(subject: "%1$s.events.{{ args.id }}", stream: true)
      }
      """;

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();

  String prefix;
  Connection services;
  final List<String> replySubjects = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    prefix = Subjects.uniquePrefix();
    services = nats.connect();
    Dispatcher responder =
        services.createDispatcher(
            (Message request) -> {
              replySubjects.add(request.getReplyTo());
              services.publish(request.getReplyTo(), "\"pong\"".getBytes(StandardCharsets.UTF_8));
            });
    responder.subscribe(prefix + ".ping");
    services.flush(Duration.ofSeconds(5));
    services
        .jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name("EV" + prefix.replace(".", "_"))
                .subjects(prefix + ".events.>")
                .storageType(StorageType.Memory)
                .build());
  }

  @Test
  void requestReplies_comeToTheDefaultPrivateInbox_derivedFromTheConnectionName() {
    TestBridge bridge = nats.startBridge(SDL.formatted(prefix));

    Response response = bridge.client().query("{ ping }");

    assertEquals("pong", response.data().path("ping").asText(), response::toString);
    assertEquals(1, replySubjects.size());
    assertTrue(
        replySubjects.get(0).startsWith("_INBOX_switchboard."), () -> replySubjects.toString());
  }

  @Test
  void requestRepliesAndStreamAcknowledgements_comeToTheConfiguredInboxPrefix() {
    TestBridge bridge =
        nats.startBridge(
            SDL.formatted(prefix),
            "",
            Map.of("SWITCHBOARD_NATS_INBOX_PREFIX", "_INBOX_edge.bridge1"));
    SubjectSpy acks = nats.spy("_INBOX_edge.bridge1.>");
    SubjectSpy shared = nats.spy("_INBOX.>");

    Response ping = bridge.client().query("{ ping }");
    Response record = bridge.client().query("mutation { record(id: \"1\") { ok sequence } }");

    assertEquals("pong", ping.data().path("ping").asText(), ping::toString);
    assertTrue(record.data().path("record").path("ok").asBoolean(), record::toString);
    assertTrue(
        replySubjects.get(0).startsWith("_INBOX_edge.bridge1."), () -> replySubjects.toString());
    assertTrue(
        acks.messages().stream().anyMatch(ack -> new String(ack.getData()).contains("\"seq\"")),
        "the stream's acknowledgement came to the private inbox");
    assertFalse(
        shared.messages().stream().anyMatch(m -> m.getSubject().contains("bridge1")),
        "nothing of the bridge's went to the shared _INBOX.>");
  }
}
