package dev.switchboard.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.RawHttp;
import dev.switchboard.bridge.testing.RawHttp.Answer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /readyz} and the draining handler agree: a 503 "draining" always closes its connection,
 * even when draining began after the draining handler had let the request through (SIGTERM arriving
 * between two handlers of one request, which a rolling restart's probes hit).
 */
class DrainingTest {
  private final Vertx vertx = Vertx.vertx();
  private final Draining draining = new Draining();
  private final HealthHandlers health =
      new HealthHandlers(() -> Map.of("default", "connected"), draining);
  private int port;

  @BeforeEach
  void start() throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(draining);
    // SIGTERM lands here, after the draining handler looked at the flag
    router
        .get("/readyz-sigterm-between")
        .handler(
            routing -> {
              draining.start();
              routing.next();
            });
    router.get("/readyz-sigterm-between").handler(health::ready);
    router.get("/readyz").handler(health::ready);
    port =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS)
            .actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close();
  }

  @Test
  void readyz_beforeDraining_200_keepsTheConnection() {
    try (RawHttp connection = RawHttp.connect(port)) {
      Answer first = connection.get("/readyz");
      assertEquals(200, first.status(), first::toString);
      assertNull(first.header("Connection"), first::toString);
      assertEquals(200, connection.get("/readyz").status(), "the connection is kept alive");
    }
  }

  @Test
  void readyz_drainingBeganAfterTheDrainingHandler_503_closesTheConnection() {
    try (RawHttp connection = RawHttp.connect(port)) {
      Answer readyz = connection.get("/readyz-sigterm-between");
      assertEquals(503, readyz.status(), readyz::toString);
      assertTrue(readyz.body().contains("\"status\":\"draining\""), readyz::toString);
      assertEquals("close", readyz.header("Connection"), readyz::toString);
      assertTrue(connection.closedWithin(Duration.ofSeconds(2)), "the connection stays open");
    }
  }

  @Test
  void readyz_whileDraining_503_oneConnectionHeader_closesTheConnection() {
    draining.start();
    try (RawHttp connection = RawHttp.connect(port)) {
      Answer readyz = connection.get("/readyz");
      assertEquals(503, readyz.status(), readyz::toString);
      assertEquals("close", readyz.header("Connection"), readyz::toString);
      long connectionHeaders =
          readyz
              .head()
              .lines()
              .filter(line -> line.regionMatches(true, 0, "connection:", 0, 11))
              .count();
      assertEquals(1, connectionHeaders, readyz::toString);
      assertTrue(connection.closedWithin(Duration.ofSeconds(2)), "the connection stays open");
    }
  }
}
