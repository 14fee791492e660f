package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import io.nats.client.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries happen only where they are safe (queries) and useful (the service said 503), within the
 * field's count and never past the deadline. The responder counts what it saw.
 */
@Timeout(30)
class RetryIT {
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  Connection services;
  String prefix;
  TestBridge bridge;

  /** The attempt number of every request the responder saw, in order. */
  final List<Integer> attempts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    bridge =
        nats.startBridge(
            """
        type Query {
          stock(sku: ID!): Int @natsRequest(subject: "%1$s.stock.{{ args.sku }}", timeout: "3s", retries: 2)
          noRetry: Int @natsRequest(subject: "%1$s.stock.none", timeout: "3s", retries: 0)
          tight: Int @natsRequest(subject: "%1$s.stock.tight", timeout: "300ms", retries: 10)
        }
        type Mutation {
          reserve(sku: ID!): Int @natsRequest(subject: "%1$s.stock.{{ args.sku }}", timeout: "3s", retries: 2)
        }
        """
                .formatted(prefix),
            """
        requests:
          retry:
            backoff: 20ms
            maxBackoff: 100ms
        """);
  }

  /** Answers 503 for the first {@code failures} requests, then 7. */
  private void serviceFailingFirst(int failures) {
    Responder.builder(services, "stock", "1.0.0")
        .endpoint(
            "stock",
            prefix + ".stock.*",
            request -> {
              attempts.add(request.attempt());
              if (attempts.size() <= failures) {
                throw new ServiceException(503, "warming up");
              }
              return Reply.json("7");
            })
        .start();
  }

  @Test
  void query_retriesA503_untilTheServiceAnswers() {
    serviceFailingFirst(2);

    Response response = bridge.client().query("{ stock(sku: \"a\") }");

    assertEquals(7, response.data().path("stock").asInt(), response.text());
    assertEquals(List.of(1, 2, 3), attempts);
  }

  @Test
  void query_givesUpAfterItsRetries_withTheLastFailure() {
    serviceFailingFirst(10);

    Response response = bridge.client().query("{ stock(sku: \"a\") }");

    assertEquals("SERVICE_ERROR", response.firstCode());
    assertEquals(3, attempts.size(), "one attempt and two retries");
  }

  @Test
  void mutation_isNeverRetried() {
    serviceFailingFirst(1);

    Response response = bridge.client().query("mutation { reserve(sku: \"a\") }");

    assertEquals("SERVICE_ERROR", response.firstCode());
    assertEquals(List.of(1), attempts);
  }

  @Test
  void fieldWithZeroRetries_triesOnce() {
    serviceFailingFirst(1);

    assertEquals("SERVICE_ERROR", bridge.client().query("{ noRetry }").firstCode());
    assertEquals(1, attempts.size());
  }

  @Test
  void serviceErrorOtherThan503_isNotRetried() {
    Responder.builder(services, "stock", "1.0.0")
        .endpoint(
            "stock",
            prefix + ".stock.*",
            request -> {
              attempts.add(request.attempt());
              throw new ServiceException(404, "no such sku");
            })
        .start();

    assertEquals("SERVICE_ERROR", bridge.client().query("{ stock(sku: \"a\") }").firstCode());
    assertEquals(1, attempts.size());
  }

  @Test
  void retries_neverRunPastTheDeadline() {
    serviceFailingFirst(1000);

    Response response = bridge.client().query("{ tight }");

    assertTrue(
        response.millis() < 1000, "took " + response.millis() + " ms with a 300 ms deadline");
    assertTrue(attempts.size() >= 2 && attempts.size() <= 10, "attempts: " + attempts.size());
  }
}
