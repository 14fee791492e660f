package dev.switchboard.bridge.testing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique subject prefixes, so tests never see each other's traffic even on a shared server. */
public final class Subjects {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private Subjects() {}

  /** e.g. {@code t7k3x9.12}: put it first in every subject a test uses. */
  public static String uniquePrefix() {
    return "t"
        + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)
        + "."
        + COUNTER.incrementAndGet();
  }
}
