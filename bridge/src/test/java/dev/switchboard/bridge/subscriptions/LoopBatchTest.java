package dev.switchboard.bridge.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoopBatchTest {
  private Vertx vertx;
  private Context context;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void of_sameContext_isOneBatch() {
    assertSame(LoopBatch.of(context), LoopBatch.of(context));
  }

  @Test
  void execute_fromAnotherThread_runsEveryTaskInOrderOnTheLoop() throws Exception {
    LoopBatch batch = LoopBatch.of(context);
    int count = 10_000; // more than one run takes: the rest are rescheduled
    List<Integer> ran = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(count);
    List<Boolean> onLoop = new ArrayList<>();

    for (int i = 0; i < count; i++) {
      int n = i;
      batch.execute(
          () -> {
            ran.add(n);
            onLoop.add(Vertx.currentContext() == context);
            done.countDown();
          });
    }

    assertTrue(done.await(10, TimeUnit.SECONDS), () -> "ran " + ran.size() + " of " + count);
    assertEquals(IntStream.range(0, count).boxed().toList(), onLoopCopy(ran));
    assertTrue(
        onLoopCopy(onLoop).stream().allMatch(Boolean::booleanValue),
        "every task ran on the event loop");
  }

  @Test
  void execute_aTaskThatThrows_doesNotStopTheOthers() throws Exception {
    LoopBatch batch = LoopBatch.of(context);
    CompletableFuture<String> after = new CompletableFuture<>();

    batch.execute(
        () -> {
          throw new IllegalStateException("boom (expected by the test)");
        });
    batch.execute(() -> after.complete("ran"));

    assertEquals("ran", after.get(5, TimeUnit.SECONDS));
  }

  @Test
  void execute_addedWhileRunning_runsToo() throws Exception {
    LoopBatch batch = LoopBatch.of(context);
    CompletableFuture<String> nested = new CompletableFuture<>();

    batch.execute(() -> batch.execute(() -> nested.complete("ran")));

    assertEquals("ran", nested.get(5, TimeUnit.SECONDS));
  }

  /** Reads a list the loop wrote, on the loop, after the latch said it was done. */
  private <T> List<T> onLoopCopy(List<T> list) throws Exception {
    CompletableFuture<List<T>> copy = new CompletableFuture<>();
    context.runOnContext(ignored -> copy.complete(new ArrayList<>(list)));
    return copy.get(5, TimeUnit.SECONDS);
  }
}
