package dev.switchboard.bridge.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EventBufferTest {

  @Test
  void itemsBeyondTheCapacity_areRefusedAsFull_andTheQueuedOnesComeOutInOrder() {
    EventBuffer<String> buffer = new EventBuffer<>(2);

    assertEquals(EventBuffer.Offer.QUEUED, buffer.offer("a"));
    assertEquals(EventBuffer.Offer.QUEUED, buffer.offer("b"));
    assertEquals(EventBuffer.Offer.FULL, buffer.offer("c"));
    assertEquals("a", buffer.poll());
    assertEquals(EventBuffer.Offer.QUEUED, buffer.offer("d"));
    assertEquals("b", buffer.poll());
    assertEquals("d", buffer.poll());
    assertNull(buffer.poll());
  }

  @Test
  void aClosedBuffer_dropsWhatWaits_andTakesNothingMore() {
    EventBuffer<String> buffer = new EventBuffer<>(2);
    buffer.offer("a");

    buffer.close();

    assertNull(buffer.poll());
    assertEquals(EventBuffer.Offer.CLOSED, buffer.offer("b"));
    assertNull(buffer.poll());
  }
}
