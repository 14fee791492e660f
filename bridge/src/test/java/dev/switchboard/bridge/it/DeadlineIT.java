package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.testing.LocalNatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * The deadline is the bridge's own: a 200 ms timeout against a 3 s responder answers within
 * 200-400 ms, not at the NATS client's next request sweep (seconds later).
 */
@Timeout(60)
class DeadlineIT {
  static LocalNatsServer nats;
  static Connection services;
  static ExecutorService slowWork = Executors.newCachedThreadPool();
  static TestBridge bridge;

  @BeforeAll
  static void start() throws Exception {
    nats = LocalNatsServer.start();
    services = Nats.connect(nats.url());
    String prefix = Subjects.uniquePrefix();
    Responder.builder(services, "slow", "1.0.0").executor(slowWork)
        .endpoint("slow", prefix + ".slow", request -> {
          Thread.sleep(3000);
          return Reply.json("1");
        }).start();
    bridge = TestBridge.start(nats, """
        type Query { slow: Int @natsRequest(subject: "%s.slow", timeout: "200ms") }
        """.formatted(prefix));
    bridge.client().query("{ __typename }");
  }

  @AfterAll
  static void stop() throws Exception {
    bridge.close();
    services.close();
    slowWork.shutdownNow();
    nats.close();
  }

  @RepeatedTest(5)
  void timeoutOf200ms_answersWithin200To400ms() {
    Response response = bridge.client().query("{ slow }");

    assertEquals("TIMEOUT", response.firstCode());
    assertTrue(response.millis() >= 200 && response.millis() <= 400, "answered after " + response.millis() + " ms");
  }
}
