package dev.switchboard.bridge.http;

import dev.switchboard.bridge.config.SubscriptionsConfig;
import dev.switchboard.bridge.documents.DocumentIds;
import dev.switchboard.bridge.graphql.ErrorRenderer;
import dev.switchboard.bridge.graphql.GraphQLEngine;
import dev.switchboard.bridge.graphql.GroupKey;
import dev.switchboard.bridge.graphql.GroupedExecution;
import dev.switchboard.bridge.graphql.RequestContext;
import dev.switchboard.bridge.logging.LogContext;
import dev.switchboard.bridge.ratelimit.CallerSlots;
import dev.switchboard.bridge.subscriptions.SubscriptionMetrics;
import dev.switchboard.bridge.subscriptions.SubscriptionSession;
import dev.switchboard.bridge.telemetry.ServerSpan;
import dev.switchboard.subjects.ErrorCode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.ExecutionId;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.OperationDefinition;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * GraphQL over HTTP (the GraphQL-over-HTTP spec): POST {@code application/json} for everything, GET
 * for queries only (a mutation over GET is 405), {@code application/graphql-response+json} answers
 * with 400 for request errors, batching off. The {@link RequestEntry} admits the caller first (401
 * before anything else); the document is parsed and validated once (cached), so the operation's
 * kind is known before it runs. With {@code Accept: text/event-stream} the same request is served
 * as GraphQL over SSE; a subscription from a client accepting {@code
 * multipart/mixed;subscriptionSpec=1.0} as Apollo's multipart subscription. Both streams run on one
 * {@link StreamRunner}, framed by their {@link StreamFormat}.
 */
public final class GraphQLHttpHandler implements Handler<RoutingContext> {
  private final Supplier<GraphQLEngine> engines;
  private final RequestEntry entry;
  private final SubscriptionsConfig limits;
  private final SubscriptionMetrics metrics;
  private final AcceptedCache acceptedHeaders = new AcceptedCache();

  /**
   * @param engines the engine each request starts on (a reload swaps it)
   */
  public GraphQLHttpHandler(
      Supplier<GraphQLEngine> engines,
      RequestEntry entry,
      SubscriptionsConfig limits,
      SubscriptionMetrics metrics) {
    this.engines = engines;
    this.entry = entry;
    this.limits = limits;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext routing) {
    Arrival arrival = Arrival.of(routing.request());
    routing.response().putHeader(CorrelationIds.CORRELATION_ID_HEADER, arrival.correlationId());
    Accepted accepted = acceptedHeaders.of(routing);
    if (accepted.nothing()) {
      ResponseWriter.requestError(
          routing.response(),
          406,
          MediaTypes.JSON,
          ErrorCode.BAD_REQUEST,
          "Accept application/graphql-response+json or application/json.",
          arrival.correlationId());
      return;
    }
    Executor onEventLoop = onThisEventLoop();
    entry
        .admit(arrival)
        .whenComplete(
            (admission, failure) ->
                onEventLoop.execute(
                    () -> {
                      if (failure != null) {
                        try (LogContext scope =
                            LogContext.ofCorrelationId(arrival.correlationId())) {
                          ResponseWriter.refuse(
                              routing.response(),
                              RequestEntry.refusalOf(failure),
                              accepted.errorMediaType(),
                              arrival.correlationId());
                        }
                        return;
                      }
                      endWithResponse(routing, admission.span());
                      RequestContext context = admission.context(onEventLoop, null);
                      AccessRecord.of(routing).admitted(context);
                      try (LogContext scope =
                          LogContext.of(context.correlationId(), context.trace())) {
                        serve(routing, context, admission.span(), admission.callerKey(), accepted);
                      }
                    }));
  }

  /** The server span lasts until the response (or the SSE stream) ends. */
  private static void endWithResponse(RoutingContext routing, ServerSpan span) {
    if (span.records()) {
      routing.addEndHandler(ended -> span.end(routing.response().getStatusCode()));
    }
  }

  private void serve(
      RoutingContext routing,
      RequestContext context,
      ServerSpan span,
      CallerKey caller,
      Accepted accepted) {
    String errorType = accepted.errorMediaType();
    // one engine for the whole request: a reload meanwhile does not change its schema
    GraphQLEngine engine = engines.get();
    try {
      GraphQLRequest request = read(routing);
      ExecutionInput input = input(request, context, span);
      PreparsedDocumentEntry document = engine.prepare(input);
      if (document.hasErrors()) {
        List<GraphQLError> errors = ErrorRenderer.resultErrors(document.getErrors(), context);
        ResponseWriter.write(
            routing.response(), requestErrorStatus(errorType), errorType, errors, false, null);
        return;
      }
      OperationDefinition operation =
          Operations.select(document.getDocument(), request.operationName());
      AccessRecord.of(routing).operation(operation.getName());
      span.name(operation);
      Accepted.Transport transport = accepted.transportFor(operation.getOperation());
      checkMethod(routing.request().method(), operation.getOperation(), transport);
      switch (transport) {
        case SSE -> {
          holdStreamSlot(routing, caller);
          stream(engine, routing, request, context, span, new SseFormat(limits.keepAlive()));
        }
        case MULTIPART -> {
          holdStreamSlot(routing, caller);
          stream(
              engine,
              routing,
              request,
              context,
              span,
              new MultipartFormat(limits.effectiveMultipartHeartbeat()));
        }
        case JSON -> execute(engine, routing, input, context, accepted.mediaType());
      }
    } catch (Refusal overStreams) {
      ResponseWriter.refuse(routing.response(), overStreams, errorType, context.correlationId());
    } catch (BadRequestException bad) {
      if (bad.status() == 405) {
        routing.response().putHeader(HttpHeaders.ALLOW, "POST");
      }
      ResponseWriter.requestError(
          routing.response(),
          bad.status(),
          errorType,
          ErrorCode.BAD_REQUEST,
          bad.getMessage(),
          context.correlationId());
    }
  }

  /**
   * A stream holds one of the caller's {@code rateLimits.maxStreamsPerCaller} places until its
   * response ends or its connection closes; over the limit it is refused before anything runs.
   */
  private void holdStreamSlot(RoutingContext routing, CallerKey caller) throws Refusal {
    CallerSlots.Slot slot = entry.openStream(caller);
    routing.addEndHandler(ended -> slot.release());
  }

  /**
   * Over SSE or multipart: the operation's results as frames on this response, which is the
   * stream's session (one subscription, the shared buffer and slow-client rules).
   */
  private void stream(
      GraphQLEngine engine,
      RoutingContext routing,
      GraphQLRequest request,
      RequestContext context,
      ServerSpan span,
      StreamFormat format) {
    SubscriptionSession session =
        new SubscriptionSession(
            Vertx.currentContext(),
            context.caller(),
            new ResponseDelivery(routing.response()),
            1,
            limits.bufferSize(),
            metrics);
    metrics.connectionOpened();
    routing.response().endHandler(ignored -> metrics.connectionClosed());
    RequestContext streaming = context.withSession(session);
    ExecutionInput input = input(request, streaming, span);
    if (limits.group()) {
      input
          .getGraphQLContext()
          .put(GroupedExecution.KEY, grouped(engine, routing, request, streaming, span, format));
    }
    StreamRunner.start(routing.vertx(), engine, routing.request(), input, streaming, format);
  }

  /** A streamed subscription as a member of a group: each result written as encoded once. */
  private static GroupedExecution grouped(
      GraphQLEngine engine,
      RoutingContext routing,
      GraphQLRequest request,
      RequestContext caller,
      ServerSpan span,
      StreamFormat format) {
    return new GroupedExecution(
        GroupKey.of(
            engine.graphQL(), // as the WebSocket handler's: both transports share groups
            request.query(),
            request.documentId(),
            request.operationName(),
            request.variables(),
            request.extensions(),
            caller),
        encoded -> StreamRunner.writeEncoded(routing.response(), format, encoded),
        group -> engine.execute(input(request, group, span)));
  }

  private GraphQLRequest read(RoutingContext routing) throws BadRequestException {
    if (routing.request().method() == HttpMethod.GET) {
      return GraphQLRequestReader.fromQueryParams(routing.queryParams());
    }
    // JsonContentTypeCheck refused anything but application/json before the body was read
    return GraphQLRequestReader.fromJsonBody(routing.body().buffer());
  }

  private static void checkMethod(
      HttpMethod method, OperationDefinition.Operation operation, Accepted.Transport transport)
      throws BadRequestException {
    if (operation == OperationDefinition.Operation.SUBSCRIPTION
        && transport == Accepted.Transport.JSON) {
      throw new BadRequestException(
          400,
          "Subscriptions are served over WebSocket (graphql-transport-ws), SSE"
              + " (Accept: text/event-stream) or multipart"
              + " (Accept: multipart/mixed;subscriptionSpec=1.0), not plain HTTP.");
    }
    if (method == HttpMethod.GET && operation == OperationDefinition.Operation.MUTATION) {
      throw new BadRequestException(405, "Mutations must be sent with POST.");
    }
  }

  private static ExecutionInput input(
      GraphQLRequest request, RequestContext context, ServerSpan span) {
    return DocumentIds.describe(
            ExecutionInput.newExecutionInput(),
            request.query(),
            request.documentId(),
            request.extensions())
        .operationName(request.operationName())
        .variables(request.variables())
        .graphQLContext(ExecutionContexts.of(context, span))
        // graphql-java would otherwise make a UUID (SecureRandom) per request
        .executionId(ExecutionId.from(context.correlationId()))
        .build();
  }

  private void execute(
      GraphQLEngine engine,
      RoutingContext routing,
      ExecutionInput input,
      RequestContext context,
      String mediaType) {
    engine
        .execute(input)
        .whenComplete(
            (result, failure) ->
                context
                    .resultExecutor()
                    .execute(
                        () -> {
                          if (failure != null) {
                            ResponseWriter.internalError(
                                routing.response(),
                                mediaType,
                                "execution failed",
                                failure,
                                context.correlationId());
                          } else {
                            respond(routing, result, mediaType);
                          }
                        }));
  }

  private static void respond(RoutingContext routing, ExecutionResult result, String mediaType) {
    int status = result.isDataPresent() ? 200 : requestErrorStatus(mediaType);
    ResponseWriter.write(
        routing.response(),
        status,
        mediaType,
        result.getErrors(),
        result.isDataPresent(),
        result.getData());
  }

  /**
   * Request errors are 400 in the new media type; legacy application/json clients always get 200.
   */
  private static int requestErrorStatus(String mediaType) {
    return MediaTypes.GRAPHQL_RESPONSE.equals(mediaType) ? 400 : 200;
  }

  /** Runs tasks on the current event loop: inline when already there, else queued to it. */
  private static Executor onThisEventLoop() {
    Context vertxContext = Vertx.currentContext();
    return task -> {
      if (Vertx.currentContext() == vertxContext) {
        task.run();
      } else {
        vertxContext.runOnContext(ignored -> task.run());
      }
    };
  }
}
