package dev.switchboard.bench;

import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Request;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The service behind the benchmark targets: answers {@code bench.orders.get.<id>} with a fixed
 * order, and the nested scenario's orders and customer batches ({@link BenchNested}). Prints {@code
 * ready} once it is subscribed, then runs until killed.
 */
public final class BenchResponder {
  static final String SUBJECT = "bench.orders.get.*";
  private static final String USAGE =
      "BenchResponder --nats nats://127.0.0.1:4222 [--tls-ca ca.pem --tls-cert cert.pem --tls-key"
          + " key.pem]";

  private BenchResponder() {}

  public static void main(String[] args) throws Exception {
    String url = CommandLine.required(args, "--nats", USAGE);
    Optional<String> caFile = CommandLine.optional(args, "--tls-ca");
    Connection connection =
        Nats.connect(
            caFile.isPresent()
                ? BenchNats.options(
                    url,
                    "bench-responder",
                    BenchTls.context(
                        Path.of(caFile.get()),
                        Path.of(CommandLine.required(args, "--tls-cert", USAGE)),
                        Path.of(CommandLine.required(args, "--tls-key", USAGE))))
                : BenchNats.options(url, "bench-responder"));
    Responder responder =
        BenchNested.endpoints(
                Responder.builder(connection, "bench-orders", "1.0.0")
                    .description("benchmark responder")
                    .endpoint("get", SUBJECT, BenchResponder::order))
            .start();
    BenchStreams.ensure(connection);
    // Make sure the subscription has reached the server before anyone is told to send requests.
    connection.flush(java.time.Duration.ofSeconds(5));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  responder.close();
                  try {
                    connection.close();
                  } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                  }
                },
                "bench-responder-stop"));
    System.out.println("ready");
    new CountDownLatch(1).await();
  }

  static Reply order(Request request) {
    String subject = request.subject();
    String id = subject.substring(subject.lastIndexOf('.') + 1);
    if (id.indexOf('"') >= 0 || id.indexOf('\\') >= 0) {
      throw new ServiceException(400, "bad order id");
    }
    return Reply.json("{\"id\":\"" + id + "\",\"status\":\"SHIPPED\",\"total\":12.5}");
  }
}
