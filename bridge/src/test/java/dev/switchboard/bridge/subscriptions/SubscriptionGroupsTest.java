package dev.switchboard.bridge.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.auth.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionGroupsTest {
  private final Vertx vertx = Vertx.vertx();
  private final SubscriptionGroups groups = new SubscriptionGroups();

  @AfterEach
  void stop() {
    vertx.close();
  }

  @Test
  void aGroupWhoseStartThrows_failsItsMember_andTheNextIdenticalSubscriptionFoundsAFreshOne() {
    AtomicInteger starts = new AtomicInteger();

    CompletionException failed =
        assertThrows(
            CompletionException.class,
            () ->
                groups
                    .join(
                        "key",
                        session(),
                        payload -> {},
                        (group, own) -> {
                          starts.incrementAndGet();
                          throw new IllegalStateException("could not build the execution");
                        })
                    .join());
    assertTrue(failed.getCause() instanceof IllegalStateException, failed.toString());
    assertEquals(0, groups.size(), "the failed group is gone");

    groups
        .join(
            "key",
            session(),
            payload -> {},
            (group, own) -> {
              starts.incrementAndGet();
              group.opened(() -> {});
            })
        .join();

    assertEquals(2, starts.get(), "the second subscription started its own group");
  }

  private SubscriptionSession session() {
    return new SubscriptionSession(
        vertx.getOrCreateContext(),
        Caller.anonymous("anonymous"),
        new AlwaysWritable(),
        10,
        16,
        new SubscriptionMetrics(new SimpleMeterRegistry()));
  }

  private static final class AlwaysWritable implements Delivery {
    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public void whenWritable(Runnable action) {
      action.run();
    }

    @Override
    public void close(int code, String reason) {}
  }
}
