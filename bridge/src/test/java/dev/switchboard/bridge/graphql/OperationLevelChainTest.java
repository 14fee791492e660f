package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.concurrent.CompletionException;
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

  @Test
  void aMemberThatAnswersLater_stillGetsTheResultBeforeIt_andTheOneAfterItGetsItsResult() {
    List<String> seen = new ArrayList<>();
    CompletableFuture<Void> later = new CompletableFuture<>();
    OperationLevelChain chain =
        new OperationLevelChain(
            List.of(
                new Tagging("first", seen),
                new Tagging("second", seen, later),
                new Tagging("third", seen)));
    GraphQL graphql = GraphQL.newGraphQL(SCHEMA).instrumentation(chain).build();

    CompletableFuture<ExecutionResult> pending =
        graphql.executeAsync(ExecutionInput.newExecutionInput("{ hello }"));
    assertFalse(pending.isDone(), "the second member has not answered yet");
    later.complete(null);

    assertEquals(List.of("first", "second", "third"), pending.join().getExtensions().get("tags"));
  }

  @Test
  void aMemberThatThrows_failsTheResultStage_asTheStandardChainWould() {
    OperationLevelChain chain =
        new OperationLevelChain(List.of(new Tagging("first", new ArrayList<>()), new Throwing()));
    ExecutionResult result = ExecutionResult.newExecutionResult().data(Map.of()).build();

    CompletableFuture<ExecutionResult> stage =
        chain.instrumentExecutionResult(result, null, chain.createState(null));

    CompletionException failed = assertThrows(CompletionException.class, stage::join);
    assertEquals("broken member", failed.getCause().getMessage());
  }

  @Test
  void membersWithNothingToDo_areLeftOut_andOneContextIsReturnedAsItIs() {
    List<String> seen = new ArrayList<>();
    Tagging only = new Tagging("only", seen);
    OperationLevelChain chain = new OperationLevelChain(List.of(new Idle(), only, new Idle()));

    InstrumentationContext<ExecutionResult> context =
        chain.beginExecution(null, chain.createState(null));
    context.onCompleted(null, null);

    assertEquals(List.of("begin only@only", "done only"), seen);
    assertSame(
        SimpleInstrumentationContext.noOp(),
        new OperationLevelChain(List.of(new Idle(), new Idle())).beginExecution(null, null));
  }

  /** Appends its tag to the result's extensions; records its hooks with the state it was given. */
  private static final class Tagging extends SimplePerformantInstrumentation {
    private final String tag;
    private final List<String> seen;
    private final CompletableFuture<Void> answer;

    Tagging(String tag, List<String> seen) {
      this(tag, seen, CompletableFuture.completedFuture(null));
    }

    Tagging(String tag, List<String> seen, CompletableFuture<Void> answer) {
      this.tag = tag;
      this.seen = seen;
      this.answer = answer;
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
      return answer.thenApply(
          answered -> result.transform(builder -> builder.extensions(Map.of("tags", tags))));
    }
  }

  /** Does nothing at any hook (graphql-java's no-op context). */
  private static final class Idle extends SimplePerformantInstrumentation {}

  private static final class Throwing extends SimplePerformantInstrumentation {
    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(
        ExecutionResult result,
        InstrumentationExecutionParameters parameters,
        InstrumentationState state) {
      throw new IllegalStateException("broken member");
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
