package dev.switchboard.bridge.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallListener;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON record per NATS call on the {@code switchboard.audit} logger (its own asynchronous
 * appender, one object per line): when, who asked (subject and roles), what (action, subject,
 * field, response path), the outcome code, latency, attempts, the key count of a batched request
 * ({@code batchSize}) and the correlation id. Calls refused by authorization are recorded too
 * (outcome FORBIDDEN, 0 attempts). JSON escaping keeps any claim value on one line.
 */
public final class AuditListener implements CallListener {
  public static final String LOGGER = "switchboard.audit";
  private static final Logger audit = LoggerFactory.getLogger(LOGGER);

  /** ASCII only: no claim value (U+2028, RTL marks...) can split or disguise an audit line. */
  private static final ObjectWriter ASCII_JSON =
      Json.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

  @Override
  public void callEnd(
      CallContext call, NatsRequest request, ErrorCode outcome, int attempts, long nanos) {
    if (!audit.isInfoEnabled()) {
      return;
    }
    Map<String, Object> record = new LinkedHashMap<>(16);
    record.put("time", Instant.now().toString());
    record.put("who", call.caller().subject());
    record.put("roles", call.caller().roles());
    record.put("action", call.action().name().toLowerCase(Locale.ROOT));
    record.put("subject", request.subject());
    record.put("field", call.fieldCoordinate());
    record.put("path", call.fieldPath());
    record.put("outcome", outcome == null ? "OK" : outcome.name());
    record.put("latencyMs", Math.round(nanos / 10_000.0) / 100.0);
    record.put("attempts", attempts);
    if (request.batchSize() > 0) {
      record.put("batchSize", request.batchSize());
    }
    record.put("correlationId", call.correlationId());
    try {
      audit.info(ASCII_JSON.writeValueAsString(record));
    } catch (JsonProcessingException impossible) {
      audit.info("{\"outcome\":\"UNSERIALIZABLE\",\"correlationId\":\"{}\"}", call.correlationId());
    }
  }
}
