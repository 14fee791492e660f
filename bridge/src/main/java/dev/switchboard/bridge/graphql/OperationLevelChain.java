package dev.switchboard.bridge.graphql;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/**
 * The bridge's instrumentations, chained for the operation-level hooks only. graphql-java's {@code
 * ChainedInstrumentation} asks every member at every field (begin execution, fetch, completion, the
 * data fetcher) and allocates per field even when all answer nothing; none of the bridge's members
 * looks at fields, so this chain forwards only the hooks they use. A member that overrides any
 * other hook is refused when the chain is built, so none can be silently skipped.
 */
final class OperationLevelChain extends SimplePerformantInstrumentation {
  static final Set<String> FORWARDED =
      Set.of(
          "createState",
          "instrumentExecutionInput",
          "beginExecution",
          "beginExecuteOperation",
          "instrumentExecutionResult");

  private final List<Instrumentation> members;

  OperationLevelChain(List<Instrumentation> members) {
    members.forEach(OperationLevelChain::requireOperationLevel);
    this.members = List.copyOf(members);
  }

  /** Each member's own state, by position. */
  private record States(InstrumentationState[] of) implements InstrumentationState {}

  @Override
  public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
    InstrumentationState[] states = new InstrumentationState[members.size()];
    for (int i = 0; i < states.length; i++) {
      states[i] = members.get(i).createState(parameters);
    }
    return new States(states);
  }

  @Override
  public ExecutionInput instrumentExecutionInput(
      ExecutionInput input,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    ExecutionInput current = input;
    for (int i = 0; i < members.size(); i++) {
      current = members.get(i).instrumentExecutionInput(current, parameters, stateOf(state, i));
    }
    return current;
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecution(
      InstrumentationExecutionParameters parameters, InstrumentationState state) {
    return contexts(state, (member, own) -> member.beginExecution(parameters, own));
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(
      InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
    return contexts(state, (member, own) -> member.beginExecuteOperation(parameters, own));
  }

  /**
   * Each member in turn gets the result the one before it gave back, as the standard chain does.
   * Members that answer at once (all of the bridge's) are called in a plain loop; a stage is
   * chained only from the first member that answers later.
   */
  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
      ExecutionResult result,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    CompletableFuture<ExecutionResult> current = CompletableFuture.completedFuture(result);
    for (int i = 0; i < members.size(); i++) {
      Instrumentation member = members.get(i);
      InstrumentationState own = stateOf(state, i);
      if (!current.isDone() || current.isCompletedExceptionally()) {
        current =
            current.thenCompose(
                previous -> member.instrumentExecutionResult(previous, parameters, own));
        continue;
      }
      try {
        current = member.instrumentExecutionResult(current.join(), parameters, own);
      } catch (RuntimeException failed) {
        // as thenCompose would have it: the stage fails, the members after it are skipped
        current = CompletableFuture.failedFuture(new CompletionException(failed));
      }
    }
    return current;
  }

  /**
   * The members' contexts as one; members with nothing to do (graphql-java's no-op context) are
   * left out, and a single context is returned as it is.
   */
  private InstrumentationContext<ExecutionResult> contexts(
      InstrumentationState state,
      BiFunction<Instrumentation, InstrumentationState, InstrumentationContext<ExecutionResult>>
          begin) {
    InstrumentationContext<ExecutionResult> noOp = SimpleInstrumentationContext.noOp();
    List<InstrumentationContext<ExecutionResult>> started = null;
    for (int i = 0; i < members.size(); i++) {
      InstrumentationContext<ExecutionResult> context =
          begin.apply(members.get(i), stateOf(state, i));
      if (context != null && context != noOp) {
        if (started == null) {
          started = new ArrayList<>(members.size());
        }
        started.add(context);
      }
    }
    if (started == null) {
      return noOp;
    }
    if (started.size() == 1) {
      return started.get(0);
    }
    List<InstrumentationContext<ExecutionResult>> all = started;
    return new InstrumentationContext<>() {
      @Override
      public void onDispatched() {
        all.forEach(InstrumentationContext::onDispatched);
      }

      @Override
      public void onCompleted(ExecutionResult result, Throwable failure) {
        all.forEach(context -> context.onCompleted(result, failure));
      }
    };
  }

  private static InstrumentationState stateOf(InstrumentationState chain, int member) {
    return chain instanceof States states ? states.of()[member] : null;
  }

  /** Refuses a member that overrides a hook this chain does not forward. */
  private static void requireOperationLevel(Instrumentation member) {
    for (Class<?> type = member.getClass();
        type != Object.class && type != SimplePerformantInstrumentation.class;
        type = type.getSuperclass()) {
      for (Method method : type.getDeclaredMethods()) {
        if (isHook(method) && !FORWARDED.contains(method.getName())) {
          throw new IllegalArgumentException(
              type.getName() + " overrides " + method.getName() + ", which is not forwarded");
        }
      }
    }
  }

  private static boolean isHook(Method method) {
    for (Method hook : Instrumentation.class.getMethods()) {
      if (hook.getName().equals(method.getName())
          && hook.getParameterCount() == method.getParameterCount()
          && !method.isSynthetic()) {
        return true;
      }
    }
    return false;
  }
}
