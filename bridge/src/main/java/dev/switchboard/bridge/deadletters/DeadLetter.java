package dev.switchboard.bridge.deadletters;

import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.Interceptor.Sent;
import dev.switchboard.bridge.config.DeadLettersConfig;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.SwitchboardHeaders;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One dead letter: the failed message's body as it was sent, on {@code <prefix>.<original
 * subject>}, with the contract headers of its last attempt and what became of it.
 *
 * <p>Two headers are not copied as they were: {@code Nats-Msg-Id} becomes {@code
 * Switchboard-Idempotency-Key} (the dead-letter stream would otherwise take two dead letters with
 * one key for duplicates, and a replay needs the id back on the original subject), and a forwarded
 * bearer token ({@code Switchboard-Token}) is dropped: a stream is no place to keep secrets. The
 * attempt's {@code Switchboard-Deadline} is dropped too: it has passed, and a service that discards
 * late messages would drop a replay carrying it.
 *
 * @param subject where the dead letter goes
 * @param headers header-safe values
 * @param body the original body
 */
record DeadLetter(String subject, Map<String, String> headers, byte[] body) {

  static DeadLetter of(
      DeadLettersConfig config, CallContext call, Sent sent, ErrorCode code, Instant failedAt) {
    Map<String, String> headers = new LinkedHashMap<>();
    sent.request()
        .headers()
        .forEach(
            (name, value) -> {
              if (name.equals(SwitchboardHeaders.MSG_ID)) {
                headers.put(SwitchboardHeaders.IDEMPOTENCY_KEY, value);
              } else if (!name.equals(SwitchboardHeaders.TOKEN)
                  && !name.equals(SwitchboardHeaders.DEADLINE)) {
                headers.put(name, value);
              }
            });
    String original = sent.request().subject();
    headers.put(SwitchboardHeaders.ORIGINAL_SUBJECT, original);
    headers.put(SwitchboardHeaders.FIELD, HeaderValues.encode(call.fieldCoordinate()));
    headers.put(SwitchboardHeaders.ERROR_CODE, code.name());
    headers.put(SwitchboardHeaders.ATTEMPTS, Integer.toString(sent.attempt()));
    headers.put(
        SwitchboardHeaders.FAILED_AT,
        DateTimeFormatter.ISO_INSTANT.format(failedAt.truncatedTo(ChronoUnit.MILLIS)));
    return new DeadLetter(
        config.subjectFor(original), Collections.unmodifiableMap(headers), sent.request().body());
  }
}
