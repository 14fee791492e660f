package dev.switchboard.bridge.chain;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The last interceptor in tests: records what reaches it and answers from a script (then with
 * {@code {}}). Like the real transport it abandons an in-flight request when the call is cancelled.
 */
final class FakeTransport implements Interceptor {
  final List<NatsRequest> requests = new ArrayList<>();
  final List<Integer> attempts = new ArrayList<>();
  final List<String> log;
  private final Deque<Function<Chain, CompletionStage<NatsReply>>> script = new ArrayDeque<>();

  FakeTransport() {
    this(new ArrayList<>());
  }

  /**
   * @param log shared with interceptors under test, to see the order in which they ran
   */
  FakeTransport(List<String> log) {
    this.log = log;
  }

  FakeTransport thenReply(String json) {
    script.add(chain -> CompletableFuture.completedFuture(reply(json)));
    return this;
  }

  FakeTransport thenFail(Throwable failure) {
    script.add(chain -> CompletableFuture.failedFuture(failure));
    return this;
  }

  /** Never answers; cancelling the call abandons the request, as jnats does. */
  FakeTransport thenHang() {
    script.add(
        chain -> {
          CompletableFuture<NatsReply> pending = new CompletableFuture<>();
          chain.onCancel(() -> pending.cancel(false));
          return pending;
        });
    return this;
  }

  @Override
  public CompletionStage<NatsReply> intercept(Chain chain) {
    requests.add(chain.request());
    attempts.add(chain.attempt());
    log.add("transport#" + chain.attempt());
    Function<Chain, CompletionStage<NatsReply>> next = script.poll();
    return next != null ? next.apply(chain) : CompletableFuture.completedFuture(reply("{}"));
  }

  @Override
  public String toString() {
    return "fake-transport";
  }

  static NatsReply reply(String json) {
    return new NatsReply(json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static BridgeException unavailable() {
    return new BridgeException(
        ErrorCode.SERVICE_UNAVAILABLE, "No service is answering this field right now.");
  }

  static BridgeException serviceError(Object serviceCode) {
    return new BridgeException(
        ErrorCode.SERVICE_ERROR,
        "the service failed",
        Map.of("serviceCode", serviceCode),
        null,
        null);
  }
}
