package dev.switchboard.bridge.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * First on the router when {@code logging.accessLog} is on: starts every request's {@link
 * AccessRecord}, whose line is written when the response ends, refusals (401, 413, 415, 429...)
 * included.
 */
final class AccessLogHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext routing) {
    AccessRecord.start(routing);
    routing.next();
  }
}
