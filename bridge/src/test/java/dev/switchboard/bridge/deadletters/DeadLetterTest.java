package dev.switchboard.bridge.deadletters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.CallContext;
import dev.switchboard.bridge.chain.CallContext.CallPolicy;
import dev.switchboard.bridge.chain.Interceptor.Sent;
import dev.switchboard.bridge.chain.NatsRequest;
import dev.switchboard.bridge.config.DeadLettersConfig;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a dead letter holds: the body and headers as sent, minus what must not be kept as is. */
class DeadLetterTest {
  static final DeadLettersConfig CONFIG =
      new DeadLettersConfig("DEAD", "dl", null, null, null, null, null, null);
  static final CallContext PUBLISH =
      new CallContext(
          "corr-7",
          "Record",
          "record",
          "Mutation.record",
          TraceParent.newTrace(),
          null,
          Caller.anonymous("anonymous"),
          CallContext.Action.PUBLISH,
          true,
          new CallPolicy(Duration.ofSeconds(2), 2),
          true,
          "default",
          CallContext.OnFailure.DEAD_LETTER);

  @Test
  void of_keepsBodyAndHeaders_renamesTheMsgId_dropsTheToken_andSaysWhatHappened() {
    byte[] body = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
    NatsRequest sent =
        new NatsRequest("orders.1", body)
            .withHeaders(
                Map.of(
                    SwitchboardHeaders.CORRELATION_ID, "corr-7",
                    SwitchboardHeaders.IDENTITY, "a.b.c",
                    SwitchboardHeaders.TOKEN, "secret-bearer",
                    SwitchboardHeaders.MSG_ID, "msg-id-1",
                    SwitchboardHeaders.ATTEMPT, "3"));

    DeadLetter letter =
        DeadLetter.of(
            CONFIG,
            PUBLISH,
            new Sent(sent, 3),
            ErrorCode.TIMEOUT,
            Instant.parse("2026-12-01T18:00:00.123456Z"));

    assertEquals("dl.orders.1", letter.subject());
    assertArrayEquals(body, letter.body());
    Map<String, String> headers = letter.headers();
    assertEquals("corr-7", headers.get(SwitchboardHeaders.CORRELATION_ID));
    assertEquals("a.b.c", headers.get(SwitchboardHeaders.IDENTITY));
    assertEquals("msg-id-1", headers.get(SwitchboardHeaders.IDEMPOTENCY_KEY));
    assertFalse(headers.containsKey(SwitchboardHeaders.MSG_ID));
    assertFalse(headers.containsKey(SwitchboardHeaders.TOKEN));
    assertEquals("orders.1", headers.get(SwitchboardHeaders.ORIGINAL_SUBJECT));
    assertEquals("Mutation.record", headers.get(SwitchboardHeaders.FIELD));
    assertEquals("TIMEOUT", headers.get(SwitchboardHeaders.ERROR_CODE));
    assertEquals("3", headers.get(SwitchboardHeaders.ATTEMPTS));
    assertEquals("2026-12-01T18:00:00.123Z", headers.get(SwitchboardHeaders.FAILED_AT));
  }

  @Test
  void of_dropsTheAttemptsDeadline_whichHasPassed_soAReplayIsNotDiscardedAsLate() {
    NatsRequest sent =
        new NatsRequest("orders.1", new byte[0])
            .withHeaders(
                Map.of(
                    SwitchboardHeaders.CORRELATION_ID, "corr-7",
                    SwitchboardHeaders.DEADLINE, "1764612000000"));

    DeadLetter letter =
        DeadLetter.of(CONFIG, PUBLISH, new Sent(sent, 1), ErrorCode.TIMEOUT, Instant.now());

    assertFalse(letter.headers().containsKey(SwitchboardHeaders.DEADLINE));
    assertEquals("corr-7", letter.headers().get(SwitchboardHeaders.CORRELATION_ID));
  }
}
