package dev.switchboard.bridge.chain;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.CallContext.CallPolicy;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.TraceParent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Calls and assertions on call results, shared by the chain tests. */
final class Calls {
  static final NatsRequest REQUEST = new NatsRequest("orders.get.1", "{\"id\":\"1\"}".getBytes());

  static final Caller ANONYMOUS = Caller.anonymous("anonymous");

  private Calls() {}

  static CallContext query(Duration timeout, int retries) {
    return call(true, timeout, retries);
  }

  static CallContext call(boolean retryable, Duration timeout, int retries) {
    return new CallContext(
        "corr-1",
        "GetOrder",
        "order/customer",
        "Order.customer",
        TraceParent.newTrace(),
        null,
        ANONYMOUS,
        CallContext.Action.REQUEST,
        false,
        new CallPolicy(timeout, retries),
        retryable,
        "default",
        CallContext.OnFailure.REPORT);
  }

  static NatsReply succeeds(CompletionStage<NatsReply> stage) {
    CompletableFuture<NatsReply> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "the call should have completed");
    try {
      return future.get();
    } catch (ExecutionException failed) {
      return fail("the call failed: " + failed.getCause(), failed.getCause());
    } catch (InterruptedException interrupted) {
      throw new AssertionError(interrupted);
    }
  }

  static <T extends Throwable> T failsWith(CompletionStage<NatsReply> stage, Class<T> type) {
    CompletableFuture<NatsReply> future = stage.toCompletableFuture();
    assertTrue(future.isDone(), "the call should have completed");
    assertTrue(
        future.isCompletedExceptionally(),
        () -> "the call should have failed but gave " + future.join());
    try {
      future.get();
      throw new AssertionError("unreachable");
    } catch (ExecutionException failed) {
      return assertInstanceOf(type, Failures.unwrap(failed.getCause()));
    } catch (InterruptedException interrupted) {
      throw new AssertionError(interrupted);
    }
  }

  static ErrorCode failsWithCode(CompletionStage<NatsReply> stage) {
    return failsWith(stage, BridgeException.class).code();
  }
}
