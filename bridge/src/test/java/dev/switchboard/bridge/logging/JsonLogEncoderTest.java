package dev.switchboard.bridge.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

class JsonLogEncoderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  final Logger logger = context.getLogger("dev.switchboard.bridge.nats");
  final JsonLogEncoder encoder = new JsonLogEncoder();

  @Test
  void encode_messageWithArguments_writesTheFormattedText() throws Exception {
    LoggingEvent event = event("NATS {}: {}", "default", "CONNECTED");

    JsonNode line = encode(event);

    assertEquals("NATS default: CONNECTED", line.path("message").asText());
    assertFalse(line.has("arguments"), line.toString());
    assertEquals("INFO", line.path("level").asText());
    assertEquals("dev.switchboard.bridge.nats", line.path("logger").asText());
    assertEquals(Thread.currentThread().getName(), line.path("thread").asText());
    assertTrue(line.path("timestamp").asText().endsWith("Z"), line.toString());
  }

  @Test
  void encode_mdc_putsCorrelationIdAndTraceAtTheTopLevel() throws Exception {
    LoggingEvent event = event("call failed");
    event.setMDCPropertyMap(
        Map.of(
            "correlationId", "req-1",
            "traceId", "4bf92f3577b34da6a3ce929d0e0e4736",
            "spanId", "00f067aa0ba902b7"));

    JsonNode line = encode(event);

    assertEquals("req-1", line.path("correlationId").asText());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", line.path("traceId").asText());
    assertEquals("00f067aa0ba902b7", line.path("spanId").asText());
    assertFalse(line.has("mdc"), line.toString());
  }

  @Test
  void encode_keyValuePairs_keepTheirJsonTypes_andCannotOverwriteOwnFields() throws Exception {
    LoggingEvent event = event("POST /graphql 200 3 ms");
    event.setKeyValuePairs(
        List.of(
            new KeyValuePair("status", 200),
            new KeyValuePair("durationMs", 3L),
            new KeyValuePair("aborted", true),
            new KeyValuePair("operation", null),
            new KeyValuePair("caller", "alice"),
            new KeyValuePair("message", "forged")));

    JsonNode line = encode(event);

    assertEquals(200, line.path("status").intValue());
    assertTrue(line.path("durationMs").isNumber());
    assertTrue(line.path("aborted").booleanValue());
    assertTrue(line.path("operation").isNull());
    assertEquals("alice", line.path("caller").asText());
    assertEquals("POST /graphql 200 3 ms", line.path("message").asText());
  }

  @Test
  void encode_hostileTextAndException_staysOneLineOfJson() throws Exception {
    LoggingEvent event = event("who: {}", "mallory\"}\n{\"level\":\"ERROR\"}\u2028");
    event.setThrowableProxy(
        new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("boom")));

    String text = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertTrue(text.endsWith("\n"));
    assertEquals(1, text.split("\n", -1).length - 1, "exactly one line: " + text);
    assertFalse(text.contains("\u2028"), "non-ASCII is escaped");
    JsonNode line = JSON.readTree(text);
    assertEquals("who: mallory\"}\n{\"level\":\"ERROR\"}\u2028", line.path("message").asText());
    assertEquals("INFO", line.path("level").asText());
    assertTrue(
        line.path("exception").asText().contains("IllegalStateException: boom"), line.toString());
  }

  private LoggingEvent event(String pattern, Object... arguments) {
    return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, pattern, null, arguments);
  }

  private JsonNode encode(LoggingEvent event) throws Exception {
    return JSON.readTree(new String(encoder.encode(event), StandardCharsets.UTF_8));
  }
}
