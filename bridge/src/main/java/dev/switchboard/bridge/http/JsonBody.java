package dev.switchboard.bridge.http;

import dev.switchboard.bridge.support.Json;
import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;

/**
 * A JSON body written straight into the Vert.x buffer that is sent: the encoder's bytes are copied
 * once, into a buffer of their exact size when they fit the encoder's own chunk (8,000 bytes), as
 * almost every response does. Going through {@code byte[]} cost three arrays and three copies.
 */
final class JsonBody {
  private JsonBody() {}

  static Buffer of(Object value) {
    BufferSink sink = new BufferSink();
    Json.write(value, sink);
    return sink.body == null ? Buffer.buffer() : sink.body;
  }

  /** Makes the buffer on the encoder's first flush, sized by it. */
  private static final class BufferSink extends OutputStream {
    private Buffer body;

    @Override
    public void write(byte[] bytes, int offset, int length) {
      if (body == null) {
        body = Buffer.buffer(length);
      }
      body.appendBytes(bytes, offset, length);
    }

    @Override
    public void write(int oneByte) {
      write(new byte[] {(byte) oneByte}, 0, 1);
    }
  }
}
