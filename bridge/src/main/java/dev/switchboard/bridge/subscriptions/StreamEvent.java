package dev.switchboard.bridge.subscriptions;

/**
 * An event of a stream subscription: the payload and its stream sequence, which the client's result
 * carries ({@code extensions.stream.sequence}) so it can resume with {@code fromSequence}.
 */
public record StreamEvent(Object payload, long sequence) {

  /** The payload of an event, whether it came from a stream or from a core subject. */
  public static Object payloadOf(Object event) {
    return event instanceof StreamEvent stream ? stream.payload() : event;
  }
}
