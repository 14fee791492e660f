package dev.switchboard.bridge.identity;

import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
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

  /** The NATS service that answers the JWK set on its subject (started by the NATS adapter). */
  public Responder.Builder endpoints(Responder.Builder service) {
    return service
        .description("Public keys of the Switchboard identity envelope")
        .endpoint("jwks", subject, request -> Reply.json(jwks));
  }

  public static final String SERVICE = "switchboard-identity";
  public static final String VERSION = "1.0.0";
}
