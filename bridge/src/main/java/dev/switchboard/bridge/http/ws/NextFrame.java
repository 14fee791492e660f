package dev.switchboard.bridge.http.ws;

import dev.switchboard.bridge.support.Json;
import io.netty.buffer.Unpooled;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;

/**
 * One subscription's graphql-transport-ws {@code next} frame around a payload encoded once for its
 * group: {@code {"id":<id>,"type":"next","payload":<payload>}}. The frame's start is encoded once
 * per subscription; per event only bytes are copied, nothing is encoded again.
 */
final class NextFrame {
  private static final byte END = '}';
  private final byte[] start;

  NextFrame(Object id) {
    byte[] encodedId = Json.bytes(id);
    byte[] before = "{\"id\":".getBytes(StandardCharsets.UTF_8);
    byte[] after = ",\"type\":\"next\",\"payload\":".getBytes(StandardCharsets.UTF_8);
    start = new byte[before.length + encodedId.length + after.length];
    System.arraycopy(before, 0, start, 0, before.length);
    System.arraycopy(encodedId, 0, start, before.length, encodedId.length);
    System.arraycopy(after, 0, start, before.length + encodedId.length, after.length);
  }

  /** The whole frame's text, UTF-8 (the payload must be UTF-8 JSON, as the group encodes it). */
  byte[] bytes(byte[] payload) {
    byte[] frame = new byte[start.length + payload.length + 1];
    System.arraycopy(start, 0, frame, 0, start.length);
    System.arraycopy(payload, 0, frame, start.length, payload.length);
    frame[frame.length - 1] = END;
    return frame;
  }

  void write(ServerWebSocket socket, byte[] payload) {
    socket.writeFrame(textFrame(bytes(payload)));
  }

  /**
   * A final TEXT frame of UTF-8 bytes. Vert.x's public API makes text frames only from a String
   * ({@code WebSocketFrame.textFrame}, {@code writeTextMessage}: a String built per socket and
   * encoded to UTF-8 again per socket) or in fragments (a text frame and a continuation: two writes
   * and two flushes per socket); its own frame class takes the bytes as they are. Vert.x's {@code
   * writeFrame} takes only that class.
   */
  static WebSocketFrame textFrame(byte[] utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(utf8), true);
  }
}
