package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OperationLevelChainTest {
  private static final GraphQLSchema SCHEMA =
      new SchemaGenerator()
          .makeExecutableSchema(
              new SchemaParser().parse("type Query { hello: String }"),
              RuntimeWiring.newRuntimeWiring()
                  .type("Query", type -> type.dataFetcher("hello", env -> "world"))
                  .build());

  @Test
  void eachMember_getsItsOwnState_andTheResultTheMemberBeforeItGaveBack() {
    List<String> seen = new ArrayList<>();
    GraphQL graphql =
        GraphQL.newGraphQL(SCHEMA)
            .instrumentation(
                new OperationLevelChain(
                    List.of(new Tagging("first", seen), new Tagging("second", seen))))
            .build();

    ExecutionResult result = graphql.execute(ExecutionInput.newExecutionInput("{ hello }"));

    assertEquals(Map.of("hello", "world"), result.getData());
    assertEquals(List.of("first", "second"), result.getExtensions().get("tags"));
    assertEquals(
        List.of("begin first@first", "begin second@second", "done first", "done second"), seen);
  }

  @Test
  void aMemberWithAFieldHook_isRefused_ratherThanSilentlySkipped() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> new OperationLevelChain(List.of(new FieldWatcher())));

    assertTrue(refused.getMessage().contains("beginFieldExecution"), refused.getMessage());
  }

  /** Appends its tag to the result's extensions; records its hooks with the state it was given. */
  private static final class Tagging extends SimplePerformantInstrumentation {
    private final String tag;
    private final List<String> seen;

    Tagging(String tag, List<String> seen) {
      this.tag = tag;
      this.seen = seen;
    }

    private record Own(String tag) implements InstrumentationState {}

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
      return new Own(tag);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(
        InstrumentationExecutionParameters parameters, InstrumentationState state) {
      seen.add("begin " + tag + "@" + ((Own) state).tag());
      return SimpleInstrumentationContext.whenCompleted(
          (result, failure) -> seen.add("done " + tag));
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(
        ExecutionResult result,
        InstrumentationExecutionParameters parameters,
        InstrumentationState state) {
      List<String> tags = new ArrayList<>();
      if (result.getExtensions() != null && result.getExtensions().get("tags") != null) {
        tags.addAll((List<String>) result.getExtensions().get("tags"));
      }
      tags.add(tag);
      return CompletableFuture.completedFuture(
          result.transform(builder -> builder.extensions(Map.of("tags", tags))));
    }
  }

  private static final class FieldWatcher extends SimplePerformantInstrumentation {
    @Override
    public InstrumentationContext<Object> beginFieldExecution(
        InstrumentationFieldParameters parameters, InstrumentationState state) {
      return SimpleInstrumentationContext.noOp();
    }
  }
}
