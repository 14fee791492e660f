package dev.switchboard.bridge.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One flat JSON object per line, the shape log stores index without help: {@code timestamp}
 * (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread}, {@code message} (the formatted
 * text, arguments filled in), then every MDC entry ({@code correlationId}, {@code traceId}, {@code
 * spanId} while a request is served) and every SLF4J key-value pair as top-level fields, and {@code
 * exception} (the stack trace as one string) when there is one. logback's own JsonEncoder writes
 * the message pattern and its arguments apart and nests the MDC, which log stores cannot search.
 *
 * <p>Non-ASCII characters are escaped, so no value (a claim, a header) can split or disguise a
 * line.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final byte[] NOTHING = new byte[0];
  private static final Set<String> OWN_FIELDS =
      Set.of("timestamp", "level", "logger", "thread", "message", "exception");

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("thread", event.getThreadName());
      json.writeStringField("message", event.getFormattedMessage());
      Set<String> written = new HashSet<>(OWN_FIELDS);
      for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
        if (written.add(entry.getKey())) {
          json.writeStringField(entry.getKey(), entry.getValue());
        }
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
          if (written.add(pair.key)) {
            json.writeFieldName(pair.key);
            writeValue(json, pair.value);
          }
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        json.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      json.writeEndObject();
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    line.write('\n');
    return line.toByteArray();
  }

  /** Numbers and booleans stay JSON numbers and booleans; anything else becomes its text. */
  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Integer || value instanceof Long) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      json.writeNumber(((Number) value).doubleValue());
    } else if (value instanceof Boolean flag) {
      json.writeBoolean(flag);
    } else {
      json.writeString(value.toString());
    }
  }
}
