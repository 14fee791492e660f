package dev.switchboard.fleet;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.switchboard.subjects.identity.IdentityVerifier;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Request;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import io.nats.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The service behind the fleet's query: answers {@code fleet.orders.get.<id>} with an order that
 * names the responder. Several run at once (the responder API's queue group spreads requests over
 * them). It requires the bridges' identity envelope and checks it against the shared signing key's
 * public half: a replica signing with a key of its own would be refused here. Prints {@code ready}
 * once subscribed, then runs until stopped.
 */
final class FleetResponder {
  static final String SUBJECT = "fleet.orders.get.*";

  private FleetResponder() {}

  static void main(Args args) throws Exception {
    String name = args.required("--name");
    JWKSet keys =
        new JWKSet(
            ECKey.parse(Files.readString(Path.of(args.required("--signing-key")))).toPublicJWK());
    Connection nats = FleetNats.connect(args.list("--nats"), name);
    Responder responder =
        Responder.builder(nats, "fleet-orders", "1.0.0")
            .description("the local fleet's order service")
            .verifyIdentity(IdentityVerifier.builder().jwkSet(keys).build())
            .requireIdentity()
            .endpoint("get", SUBJECT, request -> order(request, name))
            .start();
    nats.flush(Duration.ofSeconds(5));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(responder, nats), name + "-stop"));
    System.out.println("ready");
    new CountDownLatch(1).await();
  }

  private static Reply order(Request request, String name) {
    String subject = request.subject();
    String id = subject.substring(subject.lastIndexOf('.') + 1);
    if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new ServiceException(400, "bad order id");
    }
    return Reply.json(
        "{\"id\":\"" + id + "\",\"status\":\"SHIPPED\",\"servedBy\":\"" + name + "\"}");
  }

  private static void stop(Responder responder, Connection nats) {
    responder.close();
    try {
      nats.close();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
