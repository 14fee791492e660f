package dev.switchboard.subjects.responder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyTest {

  @Test
  void json_isUtf8BodyAndNotAnError() {
    Reply reply = Reply.json("{\"name\":\"caf\u00e9\"}");

    assertFalse(reply.isError());
    assertArrayEquals("{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8), reply.body());
  }

  @Test
  void bytes_isCopiedInAndOut() {
    byte[] body = {1, 2, 3};
    Reply reply = Reply.bytes(body);
    body[0] = 9;
    reply.body()[1] = 9;

    assertArrayEquals(new byte[] {1, 2, 3}, reply.body());
  }

  @Test
  void error_hasCodeTextAndEmptyBody() {
    Reply reply = Reply.error(404, "order not found");

    assertTrue(reply.isError());
    assertEquals(404, reply.errorCode());
    assertEquals("order not found", reply.errorText());
    assertEquals(0, reply.body().length);
  }

  @Test
  void error_withoutText_isStillAnError() {
    // Regression: a null text made the reply look like an empty success.
    Reply reply = Reply.error(404, null);

    assertTrue(reply.isError());
    assertEquals(404, reply.errorCode());
    assertNotNull(reply.errorText());
  }

  @Test
  void withHeader_addsWithoutChangingTheOriginal() {
    Reply plain = Reply.json("1");
    Reply tagged = plain.withHeader("Cache-Control", "no-store").withHeader("X-Shard", "7");

    assertEquals(Map.of(), plain.headers());
    assertEquals(Map.of("Cache-Control", "no-store", "X-Shard", "7"), tagged.headers());
    assertArrayEquals(plain.body(), tagged.body());
  }
}
