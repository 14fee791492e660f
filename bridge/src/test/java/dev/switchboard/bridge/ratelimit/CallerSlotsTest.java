package dev.switchboard.bridge.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CallerSlotsTest {
  @Test
  void release_ofTheLastConnection_forgetsTheCaller() {
    CallerSlots slots = new CallerSlots(3);
    List<CallerSlots.Slot> held = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      slots.acquire("caller" + i).ifPresent(held::add);
    }
    assertEquals(100, slots.callers());

    held.forEach(CallerSlots.Slot::release);

    assertEquals(0, slots.callers());
  }

  @Test
  void acquire_fromManyThreads_neverExceedsTheCap() {
    CallerSlots slots = new CallerSlots(10);
    ConcurrentLinkedQueue<CallerSlots.Slot> held = new ConcurrentLinkedQueue<>();

    IntStream.range(0, 1000).parallel().forEach(i -> slots.acquire("one").ifPresent(held::add));

    assertEquals(10, held.size());
    assertEquals(10, slots.openFor("one"));
  }
}
