package dev.switchboard.bridge.subscriptions;

/**
 * One client's end of a grouped subscription: writes a result that was encoded once for the whole
 * group ({@code payload}: the UTF-8 JSON of {@code {data, errors, extensions}}) in the transport's
 * frame (a graphql-transport-ws {@code next} with this subscription's id, an SSE {@code event:
 * next}). Called on the client's event loop. The payload is shared by every member: read it, never
 * change it.
 */
public interface EncodedSink {
  void next(byte[] payload);
}
