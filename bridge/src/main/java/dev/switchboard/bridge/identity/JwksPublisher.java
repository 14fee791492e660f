package dev.switchboard.bridge.identity;

import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.time.Duration;

/**
 * Publishes the envelope verification keys where services look for them: HTTP {@code
 * /.well-known/jwks.json}, and a NATS request/reply subject (a service in {@code $SRV} discovery
 * named {@code switchboard-identity}), for services that only speak NATS. Both answer the signer's
 * current keys: a reload shows at the next request.
 */
public final class JwksPublisher {
  public static final String PATH = "/.well-known/jwks.json";

  /**
   * How long an HTTP cache may keep the set. Short, so a service that refetches on an unknown kid
   * through a cache gets the new key soon; the rotation procedure's wait includes it.
   */
  public static final Duration MAX_AGE = Duration.ofSeconds(60);

  public static final String SERVICE = "switchboard-identity";
  public static final String VERSION = "1.0.0";

  private final IdentitySigner signer;
  private final String subject;

  public JwksPublisher(IdentitySigner signer, String subject) {
    this.signer = signer;
    this.subject = subject;
  }

  public void addRoute(Router router) {
    String cacheControl = "public, max-age=" + MAX_AGE.toSeconds();
    router
        .get(PATH)
        .handler(
            routing ->
                routing
                    .response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/jwk-set+json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                    .end(Buffer.buffer(signer.publicJwks())));
  }

  /** The NATS service that answers the JWK set on its subject (started by the NATS adapter). */
  public Responder.Builder endpoints(Responder.Builder service) {
    return service
        .description("Public keys of the Switchboard identity envelope")
        .endpoint("jwks", subject, request -> Reply.json(signer.publicJwks()));
  }
}
