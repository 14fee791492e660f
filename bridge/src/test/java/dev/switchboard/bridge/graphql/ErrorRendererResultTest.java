package dev.switchboard.bridge.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import graphql.ErrorType;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.InvalidSyntaxError;
import graphql.SerializationError;
import graphql.execution.ResultPath;
import graphql.language.SourceLocation;
import graphql.schema.CoercingSerializeException;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ErrorRendererResultTest {
  private static final RequestContext PRODUCTION = context(false);
  private static final RequestContext DEV = context(true);

  /**
   * A tiny schema whose {@code count} resolves to a string, so graphql-java makes its own errors.
   */
  private static final GraphQL GRAPHQL =
      GraphQL.newGraphQL(
              new SchemaGenerator()
                  .makeExecutableSchema(
                      new SchemaParser()
                          .parse("type Query { count: Int, echo(n: Int!): Int, name: String! }"),
                      RuntimeWiring.newRuntimeWiring()
                          .type(
                              "Query",
                              type ->
                                  type.dataFetcher("count", env -> "many")
                                      .dataFetcher("echo", env -> env.getArgument("n"))
                                      .dataFetcher("name", env -> null))
                          .build()))
          .build();

  private static RequestContext context(boolean dev) {
    return TestRequests.anonymous("corr-9", dev);
  }

  private static GraphQLError coded(GraphQLError error, RequestContext request) {
    List<GraphQLError> coded = ErrorRenderer.resultErrors(List.of(error), request);
    assertEquals(1, coded.size());
    return coded.get(0);
  }

  private static GraphQLError onlyError(ExecutionInput input, RequestContext request) {
    ExecutionResult result = GRAPHQL.execute(input);
    assertEquals(1, result.getErrors().size(), () -> result.getErrors().toString());
    return coded(result.getErrors().get(0), request);
  }

  /** What {@link ErrorRenderer} logged while {@code action} ran. */
  private static List<ILoggingEvent> logOf(Runnable action) {
    Logger logger = (Logger) LoggerFactory.getLogger(ErrorRenderer.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try {
      action.run();
    } finally {
      logger.detachAppender(captured);
    }
    return captured.list;
  }

  private static GraphQLError onlyError(String query, RequestContext request) {
    return onlyError(ExecutionInput.newExecutionInput(query).build(), request);
  }

  @Test
  void resultErrors_noErrors_givesNone() {
    assertEquals(List.of(), ErrorRenderer.resultErrors(List.of(), PRODUCTION));
  }

  @Test
  void resultErrors_everyError_getsTheCorrelationId() {
    GraphQLError error = coded(new InvalidSyntaxError(new SourceLocation(1, 1), "bad"), PRODUCTION);

    assertEquals("corr-9", error.getExtensions().get("correlationId"));
  }

  @Test
  void resultErrors_validationError_isGraphqlValidationFailed() {
    ValidationError validation =
        ValidationError.newValidationError()
            .validationErrorType(ValidationErrorType.FieldUndefined)
            .description("Field 'nope' is undefined")
            .sourceLocation(new SourceLocation(1, 3))
            .build();

    GraphQLError error = coded(validation, PRODUCTION);

    assertEquals("GRAPHQL_VALIDATION_FAILED", error.getExtensions().get("code"));
    assertEquals(
        validation.getMessage(),
        error.getMessage(),
        "validation messages help the client; they are kept");
    assertEquals(List.of(new SourceLocation(1, 3)), error.getLocations());
  }

  @Test
  void resultErrors_unknownFieldFromGraphqlJava_isGraphqlValidationFailed() {
    assertEquals(
        "GRAPHQL_VALIDATION_FAILED", onlyError("{ nope }", PRODUCTION).getExtensions().get("code"));
  }

  @Test
  void resultErrors_invalidSyntaxError_isGraphqlParseFailed() {
    assertEquals(
        "GRAPHQL_PARSE_FAILED",
        coded(new InvalidSyntaxError(new SourceLocation(1, 1), "Invalid syntax"), PRODUCTION)
            .getExtensions()
            .get("code"));
    assertEquals(
        "GRAPHQL_PARSE_FAILED", onlyError("{ count ", PRODUCTION).getExtensions().get("code"));
  }

  @Test
  void resultErrors_serializationError_isBadReplyWithTheSafeMessage() {
    GraphQLError error = onlyError("{ count }", PRODUCTION);

    assertEquals("BAD_REPLY", error.getExtensions().get("code"));
    assertEquals(Replies.BAD_REPLY_MESSAGE, error.getMessage());
    assertFalse(error.getExtensions().containsKey("detail"), "no internal detail outside dev mode");
    assertEquals(List.of("count"), error.getPath());
  }

  @Test
  void resultErrors_nullForANonNullField_isBadReplyAndNotLoggedAsInternal() {
    List<GraphQLError> errors = new ArrayList<>();
    List<ILoggingEvent> logged = logOf(() -> errors.add(onlyError("{ name }", PRODUCTION)));
    GraphQLError error = errors.get(0);

    assertEquals("BAD_REPLY", error.getExtensions().get("code"));
    assertEquals(Replies.BAD_REPLY_MESSAGE, error.getMessage());
    assertEquals(List.of("name"), error.getPath());
    assertFalse(error.getExtensions().containsKey("detail"), "no internal detail outside dev mode");
    assertTrue(logged.isEmpty(), () -> "a service's null is not an ERROR: " + logged);
  }

  @Test
  void resultErrors_nullForANonNullFieldInDevMode_addsGraphqlJavasText() {
    GraphQLError error = onlyError("{ name }", DEV);

    assertEquals("BAD_REPLY", error.getExtensions().get("code"));
    assertTrue(
        String.valueOf(error.getExtensions().get("detail")).contains("non null"),
        () -> error.getExtensions().toString());
  }

  @Test
  void resultErrors_serializationErrorInDevMode_addsTheDetail() {
    SerializationError serialization =
        new SerializationError(
            ResultPath.parse("/count"),
            new CoercingSerializeException("Expected an Int but got 'many'"));

    GraphQLError error = coded(serialization, DEV);

    assertEquals("BAD_REPLY", error.getExtensions().get("code"));
    assertEquals(Replies.BAD_REPLY_MESSAGE, error.getMessage());
    assertEquals(serialization.getMessage(), error.getExtensions().get("detail"));
  }

  @Test
  void resultErrors_variableThatDoesNotCoerce_isBadUserInput() {
    GraphQLError error =
        onlyError(
            ExecutionInput.newExecutionInput("query($n: Int!) { echo(n: $n) }")
                .variables(Map.of("n", "twelve"))
                .build(),
            PRODUCTION);

    assertEquals("BAD_USER_INPUT", error.getExtensions().get("code"));
  }

  @Test
  void resultErrors_errorAlreadyCoded_isKeptAsItIs() {
    CodedError mine =
        new CodedError(
            "No service",
            List.of(),
            List.of("a"),
            ErrorRenderer.extensions(
                dev.switchboard.subjects.ErrorCode.SERVICE_UNAVAILABLE, "corr-9"));

    assertSame(mine, coded(mine, PRODUCTION));
  }

  @Test
  void resultErrors_errorNamingAKnownCode_keepsThatCode() {
    GraphQLError named =
        GraphqlErrorBuilder.newError()
            .message("slow down")
            .extensions(Map.of("code", "RATE_LIMITED"))
            .build();

    GraphQLError error = coded(named, PRODUCTION);

    assertEquals("RATE_LIMITED", error.getExtensions().get("code"));
    assertEquals("slow down", error.getMessage());
  }

  @Test
  void resultErrors_unclassifiedError_isInternalWithoutItsText() {
    GraphQLError internal =
        GraphqlErrorBuilder.newError()
            .message("NullPointerException at Foo.java:12")
            .errorType(ErrorType.DataFetchingException)
            .build();

    GraphQLError error = coded(internal, PRODUCTION);

    assertEquals("INTERNAL", error.getExtensions().get("code"));
    assertEquals(ErrorRenderer.INTERNAL_MESSAGE, error.getMessage());
    assertTrue(error.getExtensions().keySet().containsAll(List.of("code", "correlationId")));
  }

  @Test
  void resultErrors_internal_isLoggedUnderItsCorrelationIdWithTheOriginalText() {
    List<ILoggingEvent> logged =
        logOf(
            () ->
                coded(
                    GraphqlErrorBuilder.newError()
                        .message("NullPointerException at Foo.java:12")
                        .errorType(ErrorType.DataFetchingException)
                        .build(),
                    PRODUCTION));

    assertEquals(1, logged.size(), logged::toString);
    String line = logged.get(0).getFormattedMessage();
    assertTrue(line.contains("corr-9"), line);
    assertTrue(line.contains("NullPointerException at Foo.java:12"), line);
  }

  @Test
  void resultErrors_badFaithIntrospection_isQueryTooComplexWithGraphqlJavasMessage() {
    GraphQLError error =
        onlyError(
            "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
            PRODUCTION);

    assertEquals("QUERY_TOO_COMPLEX", error.getExtensions().get("code"));
    assertTrue(error.getMessage().contains("introspection"), error.getMessage());
  }

  @Test
  void resultErrors_errorNamingAnUnknownCode_isInternal() {
    GraphQLError named =
        GraphqlErrorBuilder.newError().message("?").extensions(Map.of("code", "TEAPOT")).build();

    assertEquals("INTERNAL", coded(named, PRODUCTION).getExtensions().get("code"));
  }

  @Test
  void resultErrors_result_isACodedError() {
    assertInstanceOf(
        CodedError.class,
        coded(new InvalidSyntaxError(new SourceLocation(1, 1), "bad"), PRODUCTION));
  }
}
