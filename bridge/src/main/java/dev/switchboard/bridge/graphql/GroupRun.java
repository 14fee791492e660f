package dev.switchboard.bridge.graphql;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.bridge.subscriptions.Group;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.ErrorCode;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A group's own execution: the operation run once more, in the founding subscriber's context on the
 * group's session; each result is encoded once and handed to the group. Results are taken one at a
 * time, so they reach the members in event order.
 */
final class GroupRun implements Subscriber<ExecutionResult> {
  private final Group group;
  private Subscription subscription;

  private GroupRun(Group group) {
    this.group = group;
  }

  static void start(Group group, GroupedExecution grouped, RequestContext context) {
    grouped
        .execution()
        .apply(context)
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                group.failed(failure);
              } else if (result.getData() instanceof Publisher<?> events) {
                @SuppressWarnings("unchecked")
                Publisher<ExecutionResult> results = (Publisher<ExecutionResult>) events;
                results.subscribe(new GroupRun(group));
              } else {
                group.failed(refusal(result));
              }
            });
  }

  /** The group's execution was refused (e.g. NATS went away): its first error, as is. */
  private static BridgeException refusal(ExecutionResult result) {
    if (result.getErrors().isEmpty()) {
      return new BridgeException(
          ErrorCode.SERVICE_UNAVAILABLE, "The subscription could not be started.");
    }
    GraphQLError first = result.getErrors().get(0);
    return new BridgeException(ErrorRenderer.codeOf(first), first.getMessage());
  }

  @Override
  public void onSubscribe(Subscription started) {
    subscription = started;
    group.opened(started::cancel);
    started.request(1);
  }

  @Override
  public void onNext(ExecutionResult result) {
    group.publish(Json.bytes(result.toSpecification()));
    subscription.request(1);
  }

  @Override
  public void onError(Throwable failure) {
    // members' transports show an error's message: only the public one of a coded error
    group.failed(
        failure instanceof BridgeException coded
            ? coded
            : new BridgeException(
                ErrorCode.INTERNAL,
                "The subscription failed.",
                Map.of(),
                failure.toString(),
                failure));
  }

  @Override
  public void onComplete() {
    group.completed();
  }
}
