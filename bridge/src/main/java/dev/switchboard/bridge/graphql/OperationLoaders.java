package dev.switchboard.bridge.graphql;

import graphql.ExecutionInput;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import org.dataloader.DataLoaderRegistry;

/**
 * The batch loaders ({@code batchKey}) of one operation. Putting a registry on the execution input
 * makes graphql-java dispatch it once per execution level, so every parent of a level is in one
 * batch; the loaders are added by the fields that use them, on first use.
 */
final class OperationLoaders extends DataLoaderRegistry {

  /** Gives each operation its own registry; installed only for schemas with batched fields. */
  static final class Install implements Instrumentation {
    @Override
    public ExecutionInput instrumentExecutionInput(
        ExecutionInput input,
        InstrumentationExecutionParameters parameters,
        InstrumentationState state) {
      return input.transform(builder -> builder.dataLoaderRegistry(new OperationLoaders()));
    }
  }
}
