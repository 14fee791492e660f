package dev.switchboard.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpVerticleOptionsTest {
  private final HttpServerOptions api =
      HttpVerticle.apiOptions("127.0.0.1", 8080, Duration.ofSeconds(30), 65536);

  @Test
  void apiListener_writesOnItsEventLoopOnly_soConnectionsNeedNoCrossThreadWriteQueue() {
    assertTrue(api.getStrictThreadMode());
  }

  @Test
  void apiListener_speaksHttp11Uncompressed_withTheGraphQLWebSocketProtocol() {
    assertFalse(api.isHttp2ClearTextEnabled());
    assertFalse(api.isCompressionSupported());
    assertEquals(List.of("graphql-transport-ws"), api.getWebSocketSubProtocols());
  }

  @Test
  void apiListener_closesIdleConnectionsAfterTheConfiguredTime() {
    assertEquals(30_000, api.getIdleTimeout());
    assertEquals(TimeUnit.MILLISECONDS, api.getIdleTimeoutUnit());
  }

  @Test
  void apiListener_acceptsFramesLargerThanTheMessageLimit_soAnOversizedMessageGetsItsCloseCode() {
    HttpServerOptions small =
        HttpVerticle.apiOptions("127.0.0.1", 8080, Duration.ofSeconds(30), 1024);
    assertEquals(1024, small.getMaxWebSocketMessageSize());
    assertEquals(65536, small.getMaxWebSocketFrameSize());
  }
}
