package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErrorRendererFieldTest {
  private static final List<SourceLocation> AT = List.of(new SourceLocation(1, 3));
  private static final List<Object> PATH = List.of("order", "customer");
  private static final BridgeException SERVICE_ERROR =
      new BridgeException(
          ErrorCode.SERVICE_ERROR,
          "Out of stock",
          Map.of("serviceCode", 409),
          "service error 409 from orders.acme.get.1",
          null);

  private final ch.qos.logback.classic.Logger logger =
      (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ErrorRenderer.class);
  private ch.qos.logback.classic.Level level;

  /** Unexpected failures are logged at ERROR by design; keep them out of the test output. */
  @BeforeEach
  void quiet() {
    level = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.OFF);
  }

  @AfterEach
  void restore() {
    logger.setLevel(level);
  }

  private static RequestContext context(boolean dev) {
    return TestRequests.anonymous("corr-3", dev);
  }

  @Test
  void fieldError_bridgeException_keepsCodeMessageAndExtensions() {
    GraphQLError error = ErrorRenderer.fieldError(SERVICE_ERROR, context(false), AT, PATH);

    assertEquals("Out of stock", error.getMessage());
    assertEquals(
        Map.of("code", "SERVICE_ERROR", "correlationId", "corr-3", "serviceCode", 409),
        error.getExtensions());
    assertEquals(AT, error.getLocations());
    assertEquals(PATH, error.getPath());
  }

  @Test
  void fieldError_bridgeExceptionInDevMode_addsTheInternalDetail() {
    GraphQLError error = ErrorRenderer.fieldError(SERVICE_ERROR, context(true), AT, PATH);

    assertEquals("service error 409 from orders.acme.get.1", error.getExtensions().get("detail"));
  }

  @Test
  void fieldError_unexpectedException_isInternalWithoutItsText() {
    GraphQLError error =
        ErrorRenderer.fieldError(
            new NullPointerException("secret.subject.name"), context(false), AT, PATH);

    assertEquals(ErrorRenderer.INTERNAL_MESSAGE, error.getMessage());
    assertEquals(Map.of("code", "INTERNAL", "correlationId", "corr-3"), error.getExtensions());
    assertFalse(error.toString().contains("secret"), error.toString());
  }

  @Test
  void fieldError_unexpectedExceptionInDevMode_showsItAsDetail() {
    GraphQLError error =
        ErrorRenderer.fieldError(new IllegalStateException("boom"), context(true), AT, PATH);

    assertEquals("java.lang.IllegalStateException: boom", error.getExtensions().get("detail"));
  }

  @Test
  void fieldError_withoutRequestContext_stillHasACode() {
    GraphQLError error =
        ErrorRenderer.fieldError(new BridgeException(ErrorCode.TIMEOUT, "late"), null, AT, PATH);

    assertEquals(Map.of("code", "TIMEOUT"), error.getExtensions());
  }
}
