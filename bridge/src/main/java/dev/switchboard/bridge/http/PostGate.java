package dev.switchboard.bridge.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * What a {@code POST /graphql} must pass before its body is read: CSRF prevention (JSON bodies
 * only, 415), the Origin rule for streams (403), then the body deadline is armed (408). One handler
 * rather than three, because each router hop costs on every request (Vert.x lets only platform and
 * security policy handlers run before the body handler).
 */
final class PostGate implements PlatformHandler {
  private final OriginCheck origins;
  private final BodyDeadline bodies;

  PostGate(OriginCheck origins, BodyDeadline bodies) {
    this.origins = origins;
    this.bodies = bodies;
  }

  @Override
  public void handle(RoutingContext routing) {
    if (JsonContentTypeCheck.admits(routing) && origins.admits(routing)) {
      bodies.arm(routing);
      routing.next();
    }
  }
}
