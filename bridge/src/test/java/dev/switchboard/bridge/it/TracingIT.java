package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.GraphQLWsClient;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.OtlpReceiver;
import dev.switchboard.bridge.testing.OtlpReceiver.Received;
import dev.switchboard.bridge.testing.Probes;
import dev.switchboard.bridge.testing.SseClient;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Request;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenTelemetry end to end: the bridge exports to a real OTLP/HTTP receiver (configured by {@code
 * telemetry.endpoint}); a responder built with the {@code subjects} API in the same JVM exports
 * through its own SDK (the global one) to the same receiver. One trace per request: the server
 * span, a client span per NATS attempt, the responder's span.
 */
@Timeout(60)
class TracingIT {
  static final String SDL =
      """
      type Query {
        order(id: ID!): Order @natsRequest(subject: "%1$s.orders.{{ args.id }}", timeout: "3s")
      }
      type Order { id: ID! }
      type Subscription {
        ticks: Tick @natsSubscribe(subjects: ["%1$s.ticks"])
        history(fromSequence: Int): Tick @natsSubscribe(subjects: ["%1$s.history"], stream: true)
      }
      type Tick { n: Int! }
      """;
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();
  static OtlpReceiver receiver;
  static OpenTelemetrySdk serviceSdk;

  Connection services;
  String prefix;
  final List<Request> seen = new CopyOnWriteArrayList<>();
  final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startReceiverAndServiceTracing() {
    // export at once rather than every 5 s (system properties win over the bridge's defaults)
    System.setProperty("otel.bsp.schedule.delay", "50");
    receiver = OtlpReceiver.start();
    serviceSdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setResource(
                        Resource.getDefault()
                            .merge(
                                Resource.create(
                                    Attributes.builder()
                                        .put("service.name", "orders-service")
                                        .build())))
                    .addSpanProcessor(
                        BatchSpanProcessor.builder(
                                OtlpHttpSpanExporter.builder()
                                    .setEndpoint(receiver.endpoint() + "/v1/traces")
                                    .build())
                            .setScheduleDelay(Duration.ofMillis(50))
                            .build())
                    .build())
            .build();
    // something earlier in this JVM may have read the global (and so fixed it to a no-op)
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(serviceSdk);
  }

  @AfterAll
  static void stop() {
    serviceSdk.close();
    GlobalOpenTelemetry.resetForTest();
    receiver.close();
    System.clearProperty("otel.bsp.schedule.delay");
  }

  @BeforeEach
  void startService() {
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    Responder.builder(services, "orders", "1.0.0")
        .endpoint(
            "get",
            prefix + ".orders.*",
            request -> {
              seen.add(request);
              String id = request.subject().substring(request.subject().lastIndexOf('.') + 1);
              // "flaky" orders are busy once: the bridge retries the 503
              if (id.startsWith("flaky") && failedOnce.add(id)) {
                return Reply.error(503, "busy");
              }
              return Reply.json("{\"id\":\"" + id + "\"}");
            })
        .start();
  }

  @AfterEach
  void closeService() throws InterruptedException {
    services.close();
  }

  private TestBridge tracedBridge() {
    return nats.startBridge(
        SDL.formatted(prefix), "telemetry:\n  endpoint: \"" + receiver.endpoint() + "\"\n");
  }

  private static Response order(TestBridge bridge, String id, Map<String, String> headers) {
    return bridge
        .client()
        .post(
            GraphQLClient.body(
                "query GetOrder($id: ID!) { order(id: $id) { id } }", Map.of("id", id), null),
            headers);
  }

  private static Received serverSpan(String correlationId) {
    return receiver
        .await(
            span ->
                span.kind() == SpanKind.SPAN_KIND_SERVER
                    && correlationId.equals(span.attribute("switchboard.correlation_id"))
                    && "switchboard".equals(span.service()),
            1)
        .get(0);
  }

  private static List<Received> inTrace(String traceId, String service, SpanKind kind, int count) {
    return receiver.await(
        span ->
            span.traceId().equals(traceId) && span.service().equals(service) && span.kind() == kind,
        count);
  }

  @Test
  void query_oneTrace_serverSpanThenAttemptSpanThenResponderSpan() {
    try (TestBridge bridge = tracedBridge()) {
      Response response = order(bridge, "7", Map.of("X-Request-Id", "trace-one"));
      assertEquals("7", response.data().path("order").path("id").asText(), response.toString());

      Received server = serverSpan("trace-one");
      assertEquals("query GetOrder", server.name());
      assertEquals("200", server.attribute("http.response.status_code"));
      Received attempt =
          inTrace(server.traceId(), "switchboard", SpanKind.SPAN_KIND_CLIENT, 1).get(0);
      assertEquals(server.spanId(), attempt.parentSpanId(), "the attempt is the server's child");
      assertEquals("request " + prefix + ".orders.{{ args.id }}", attempt.name());
      assertEquals("nats", attempt.attribute("messaging.system"));
      assertEquals(
          prefix + ".orders.{{ args.id }}",
          attempt.attribute("messaging.destination.name"),
          "the template, not the rendered subject, outside dev mode");
      Received handled =
          inTrace(server.traceId(), "orders-service", SpanKind.SPAN_KIND_SERVER, 1).get(0);
      assertEquals(
          attempt.spanId(), handled.parentSpanId(), "the responder is the attempt's child");
      assertEquals(
          attempt.spanId(),
          seen.get(0).traceParent().orElseThrow().spanId(),
          "the traceparent on the message is the attempt span's");
    }
  }

  @Test
  void natsCallHistogram_carriesTheServerSpanAsExemplar_inOpenMetrics() {
    try (TestBridge bridge = tracedBridge()) {
      order(bridge, "8", Map.of("X-Request-Id", "trace-exemplar"));
      Received server = serverSpan("trace-exemplar");

      Response metrics =
          bridge
              .client()
              .send(
                  "GET",
                  "/metrics",
                  null,
                  Map.of("Accept", "application/openmetrics-text; version=1.0.0"));
      String scraped = metrics.header("Content-Type") + "\n" + metrics.text();

      assertTrue(
          scraped
              .lines()
              .anyMatch(
                  line ->
                      line.startsWith("switchboard_nats_calls_seconds_bucket{")
                          && line.contains("trace_id=\"" + server.traceId() + "\"")),
          () ->
              "no NATS call bucket with trace id "
                  + server.traceId()
                  + " as exemplar ("
                  + metrics.header("Content-Type")
                  + "):\n"
                  + scraped
                      .lines()
                      .filter(line -> line.startsWith("switchboard_nats_calls_seconds"))
                      .toList());
    }
  }

  @Test
  void webSocketOperation_ownSpanNamedAfterTheOperation_parentOfItsAttempt() {
    try (TestBridge bridge = tracedBridge();
        GraphQLWsClient ws = GraphQLWsClient.connect(bridge).init(Map.of())) {
      ws.subscribe("1", "query GetOrder($id: ID!) { order(id: $id) { id } }", Map.of("id", "w1"));
      assertEquals("next", ws.nextOf("1").path("type").asText());

      // the operation's span: named by graphql-java's instrumentation (no HTTP status of its own)
      Received operation =
          receiver
              .await(
                  span ->
                      span.kind() == SpanKind.SPAN_KIND_SERVER
                          && "query GetOrder".equals(span.name())
                          && span.attribute("http.response.status_code") == null,
                  1)
              .get(0);
      Received attempt =
          inTrace(operation.traceId(), "switchboard", SpanKind.SPAN_KIND_CLIENT, 1).get(0);
      assertEquals(operation.spanId(), attempt.parentSpanId(), "the attempt is its child");
      assertFalse(
          receiver
              .await(span -> "graphql-ws connection_init".equals(span.name()), 1)
              .get(0)
              .traceId()
              .equals(operation.traceId()),
          "each WebSocket operation starts a trace of its own");
    }
  }

  @Test
  void retriedQuery_twoSiblingAttemptSpans_theFirstFailedWith503() {
    try (TestBridge bridge = tracedBridge()) {
      Response response = order(bridge, "flaky1", Map.of("X-Request-Id", "trace-retry"));
      assertEquals(
          "flaky1", response.data().path("order").path("id").asText(), response.toString());

      Received server = serverSpan("trace-retry");
      List<Received> attempts =
          inTrace(server.traceId(), "switchboard", SpanKind.SPAN_KIND_CLIENT, 2);
      assertEquals(2, attempts.size(), attempts.toString());
      attempts.forEach(attempt -> assertEquals(server.spanId(), attempt.parentSpanId()));
      Received first =
          attempts.stream()
              .filter(a -> "1".equals(a.attribute("switchboard.attempt")))
              .findFirst()
              .orElseThrow();
      Received second =
          attempts.stream()
              .filter(a -> "2".equals(a.attribute("switchboard.attempt")))
              .findFirst()
              .orElseThrow();
      assertTrue(first.failed());
      assertEquals("SERVICE_ERROR", first.attribute("error.type"));
      assertEquals("503", first.attribute("switchboard.service_error.code"));
      assertFalse(second.failed());
      List<Received> handled =
          inTrace(server.traceId(), "orders-service", SpanKind.SPAN_KIND_SERVER, 2);
      assertEquals(
          Set.of(first.spanId(), second.spanId()),
          Set.of(handled.get(0).parentSpanId(), handled.get(1).parentSpanId()));
    }
  }

  @Test
  void incomingTraceparent_isContinued() {
    TraceParent client = TraceParent.newTrace();
    try (TestBridge bridge = tracedBridge()) {
      order(bridge, "8", Map.of("X-Request-Id", "trace-in", "traceparent", client.header()));

      Received server = serverSpan("trace-in");
      assertEquals(client.traceId(), server.traceId());
      assertEquals(client.spanId(), server.parentSpanId());
      inTrace(client.traceId(), "orders-service", SpanKind.SPAN_KIND_SERVER, 1);
    }
  }

  @Test
  void eventWithTraceparent_deliverySpanIsLinkedToThePublisher() throws Exception {
    TraceParent publisher = TraceParent.newTrace();
    try (TestBridge bridge = tracedBridge();
        SseClient stream =
            SseClient.post(
                bridge.port(),
                GraphQLClient.body("subscription { ticks { n } }", null, null),
                Map.of())) {
      Headers headers = new Headers().put(SwitchboardHeaders.TRACEPARENT, publisher.header());
      Probes.awaitTrue(
          () -> {
            services.publish(
                NatsMessage.builder()
                    .subject(prefix + ".ticks")
                    .headers(headers)
                    .data("{\"n\":1}".getBytes(StandardCharsets.UTF_8))
                    .build());
            return stream.poll(Duration.ofMillis(100)) != null;
          },
          () -> "no event reached the stream");

      Received delivery =
          receiver.await(span -> span.linkedSpanIds().contains(publisher.spanId()), 1).get(0);
      assertEquals(SpanKind.SPAN_KIND_CONSUMER, delivery.kind());
      assertEquals("process " + prefix + ".ticks", delivery.name());
    }
  }

  @Test
  void replayedStreamEvent_deliverySpanIsLinkedToThePublisher() throws Exception {
    TraceParent publisher = TraceParent.newTrace();
    services
        .jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name("HISTORY_" + prefix.replaceAll("[^A-Za-z0-9]", "_"))
                .subjects(prefix + ".history")
                .storageType(StorageType.Memory)
                .build());
    services
        .jetStream()
        .publish(
            NatsMessage.builder()
                .subject(prefix + ".history")
                .headers(new Headers().put(SwitchboardHeaders.TRACEPARENT, publisher.header()))
                .data("{\"n\":1}".getBytes(StandardCharsets.UTF_8))
                .build());
    try (TestBridge bridge = tracedBridge();
        SseClient stream =
            SseClient.post(
                bridge.port(),
                GraphQLClient.body("subscription { history(fromSequence: 1) { n } }", null, null),
                Map.of())) {
      assertTrue(stream.poll(Duration.ofSeconds(5)) != null, "the stored event was replayed");

      Received delivery =
          receiver.await(span -> span.linkedSpanIds().contains(publisher.spanId()), 1).get(0);
      assertEquals(SpanKind.SPAN_KIND_CONSUMER, delivery.kind());
    }
  }

  @Test
  void tracingOff_nothingIsExported() {
    try (TestBridge bridge = nats.startBridge(SDL.formatted(prefix))) {
      order(bridge, "9", Map.of("X-Request-Id", "trace-off"));
    }
    // the bridge has closed (a traced one flushes its spans then): nothing of it may have arrived
    assertTrue(
        receiver.spans().stream()
            .noneMatch(
                span ->
                    "switchboard".equals(span.service())
                        && "trace-off".equals(span.attribute("switchboard.correlation_id"))),
        receiver.spans().toString());
  }
}
