package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deadline is the bridge's own: a 200 ms timeout against a 3 s responder answers within 200-400
 * ms, not at the NATS client's next request sweep (seconds later).
 */
@Timeout(60)
class DeadlineIT {
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static ExecutorService slowWork = Executors.newCachedThreadPool();
  static TestBridge bridge;

  @BeforeAll
  static void start() {
    Connection services = nats.connect();
    String prefix = Subjects.uniquePrefix();
    Responder.builder(services, "slow", "1.0.0")
        .executor(slowWork)
        .endpoint(
            "slow",
            prefix + ".slow",
            request -> {
              Thread.sleep(3000);
              return Reply.json("1");
            })
        .start();
    bridge =
        nats.startBridge(
            """
        type Query { slow: Int @natsRequest(subject: "%s.slow", timeout: "200ms") }
        """
                .formatted(prefix));
    bridge.client().query("{ __typename }");
  }

  @AfterAll
  static void stop() {
    slowWork.shutdownNow();
  }

  @RepeatedTest(5)
  void timeoutOf200ms_answersWithin200To400ms() {
    Response response = bridge.client().query("{ slow }");

    assertEquals("TIMEOUT", response.firstCode());
    assertTrue(
        response.millis() >= 200 && response.millis() <= 400,
        "answered after " + response.millis() + " ms");
  }
}
