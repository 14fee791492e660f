package dev.switchboard.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishAcksTest {

  @Test
  void interpret_streamAck_givesTheResultAsBytesAndAsTheSameValue() throws IOException {
    NatsReply reply =
        PublishAcks.interpret(message("{\"stream\":\"EVENTS\",\"seq\":7}"), "events.42");

    Map<String, Object> expected =
        Map.of("ok", true, "stream", "EVENTS", "sequence", "7", "duplicate", false);
    assertEquals(expected, reply.value());
    assertEquals(expected, Json.parse(reply.body()));
  }

  @Test
  void interpret_value_cannotBeChangedByAField() {
    NatsReply reply =
        PublishAcks.interpret(message("{\"stream\":\"EVENTS\",\"seq\":7}"), "events.42");

    @SuppressWarnings("unchecked")
    Map<String, Object> value = (Map<String, Object>) reply.value();
    assertThrows(UnsupportedOperationException.class, () -> value.put("ok", false));
  }

  @Test
  void coreOk_isTheSameValueAsBytesAndAsAValue() throws IOException {
    assertEquals(Map.of("ok", true), PublishAcks.CORE_OK.value());
    assertEquals(Map.of("ok", true), Json.parse(PublishAcks.CORE_OK.body()));
  }

  @Test
  void interpret_notAnAck_isServiceUnavailable() {
    BridgeException refused =
        assertThrows(
            BridgeException.class,
            () -> PublishAcks.interpret(message("{\"unexpected\":1}"), "events.42"));

    assertEquals(ErrorCode.SERVICE_UNAVAILABLE, refused.code());
  }

  private static NatsMessage message(String json) {
    return NatsMessage.builder()
        .subject("_INBOX.reply")
        .data(json.getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
