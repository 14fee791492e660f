package dev.switchboard.bridge.identity;

import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;

/**
 * Publishes the envelope verification keys where services look for them: HTTP {@code
 * /.well-known/jwks.json}, and a NATS request/reply subject (a service in {@code $SRV} discovery
 * named {@code switchboard-identity}), for services that only speak NATS.
 */
public final class JwksPublisher {
  public static final String PATH = "/.well-known/jwks.json";

  /** Its name in {@code $SRV} discovery (the {@code permissions} command grants its subjects). */
  public static final String SERVICE_NAME = "switchboard-identity";

  private final String jwks;
  private final String subject;

  public JwksPublisher(IdentitySigner signer, String subject) {
    this.jwks = signer.publicJwks();
    this.subject = subject;
  }

  public void addRoute(Router router) {
    byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
    router
        .get(PATH)
        .handler(
            routing ->
                routing
                    .response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/jwk-set+json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                    .end(io.vertx.core.buffer.Buffer.buffer(body)));
  }

  /**
   * Starts answering on the NATS subject; call once the connection exists (it resubscribes on
   * reconnect).
   */
  public Responder startResponder(Connection connection) {
    return Responder.builder(connection, SERVICE_NAME, "1.0.0")
        .description("Public keys of the Switchboard identity envelope")
        .endpoint("jwks", subject, request -> Reply.json(jwks))
        .start();
  }
}
