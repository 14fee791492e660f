package dev.switchboard.bridge.http.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.support.Json;
import io.vertx.core.http.WebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NextFrameTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Charset UTF8 = StandardCharsets.UTF_8;
  private static final byte[] PAYLOAD =
      Json.bytes(Map.of("data", Map.of("ticks", Map.of("pad", "grüße 東京 😀 \" \\"))));

  @Test
  void bytes_twoIds_sameFrameButTheId() throws Exception {
    JsonNode one = JSON.readTree(strictUtf8(new NextFrame("1").bytes(PAYLOAD)));
    JsonNode other = JSON.readTree(strictUtf8(new NextFrame("zwei").bytes(PAYLOAD)));

    assertEquals("1", one.path("id").asText());
    assertEquals("zwei", other.path("id").asText());
    assertEquals("next", one.path("type").asText());
    assertEquals(JSON.readTree(PAYLOAD), one.path("payload"));
    assertEquals(one.path("payload"), other.path("payload"));
  }

  @Test
  void bytes_nonAsciiIdAndPayload_validUtf8WithBothIntact() throws Exception {
    String id = "ü-三-😀 \"quoted\" \\";

    String text = strictUtf8(new NextFrame(id).bytes(PAYLOAD));

    JsonNode frame = JSON.readTree(text);
    assertEquals(id, frame.path("id").asText());
    assertEquals(
        "grüße 東京 😀 \" \\", frame.path("payload").path("data").path("ticks").path("pad").asText());
  }

  @Test
  void bytes_exactlyTheGraphqlTransportWsNextMessage() {
    String text = new String(new NextFrame("7").bytes("{\"data\":1}".getBytes()), UTF8);

    assertEquals("{\"id\":\"7\",\"type\":\"next\",\"payload\":{\"data\":1}}", text);
  }

  @Test
  void textFrame_aFinalTextFrameOfTheBytesAsGiven() {
    byte[] utf8 = "{\"ü\":\"😀\"}".getBytes(UTF8);

    WebSocketFrame frame = NextFrame.textFrame(utf8);

    assertTrue(frame.isText());
    assertTrue(frame.isFinal());
    assertEquals("{\"ü\":\"😀\"}", frame.textData());
  }

  /** Decodes refusing malformed input (a lenient decode would hide broken bytes). */
  private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return UTF8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
