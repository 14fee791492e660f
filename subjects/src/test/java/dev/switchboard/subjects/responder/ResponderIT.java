package dev.switchboard.subjects.responder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import dev.switchboard.subjects.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.service.Discovery;
import io.nats.service.Endpoint;
import io.nats.service.InfoResponse;
import io.nats.service.PingResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The responder API against a real nats-server, driven by a plain jnats client. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // try-with-resources scopes each responder; the body need not name it
class ResponderIT {
  /** Every subject of this class starts with this, so it can share a server with anything. */
  private static final String PREFIX =
      "it-responder-" + UUID.randomUUID().toString().substring(0, 8);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();

  /** The service side. */
  private static Connection serviceConnection;

  /** The caller side, as the bridge connects: no responders reported at once. */
  private static Connection client;

  private String subjectPrefix;
  private String serviceName;

  @BeforeAll
  static void connect() {
    serviceConnection = nats.connect();
    client = nats.connect(Options.builder().reportNoResponders());
  }

  @BeforeEach
  void namesForThisTest(TestInfo test) {
    String method = test.getTestMethod().orElseThrow().getName();
    subjectPrefix = PREFIX + "." + method;
    serviceName = "svc_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void request_jsonReply_arrives() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".orders.*.get",
                request -> Reply.json("{\"id\":\"42\",\"total\":9.5}"))
            .start()) {

      Message reply =
          succeeds(
              client.requestWithTimeout(
                  subjectPrefix + ".orders.acme.get", "{}".getBytes(UTF_8), REQUEST_TIMEOUT));

      assertEquals("{\"id\":\"42\",\"total\":9.5}", bodyOf(reply));
      assertFalse(
          reply.hasHeaders() && reply.getHeaders().containsKey(SwitchboardHeaders.SERVICE_ERROR));
    }
  }

  @Test
  void request_bodyAndHeaders_reachHandlerDecoded() throws Exception {
    CompletableFuture<Request> seen = new CompletableFuture<>();
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "place",
                subjectPrefix + ".orders.place",
                request -> {
                  seen.complete(request);
                  return Reply.json("{\"ok\":true}");
                })
            .start()) {
      TraceParent trace = TraceParent.newTrace();
      long deadline = Instant.now().plusSeconds(30).toEpochMilli();
      Headers headers =
          new Headers()
              .put(SwitchboardHeaders.CORRELATION_ID, "corr-7f3a")
              .put(SwitchboardHeaders.DEADLINE, Long.toString(deadline))
              .put(SwitchboardHeaders.TRACEPARENT, trace.header())
              .put(
                  SwitchboardHeaders.FIELD_PATH,
                  HeaderValues.encode("placeOrder/lines/0/caf\u00e9"))
              .put(SwitchboardHeaders.OPERATION, HeaderValues.encode(" Bestellung \u00fcbernehmen"))
              .put(SwitchboardHeaders.ATTEMPT, "2");
      String body = "{\"input\":{\"id\":\"ORD-1\",\"note\":\"x\\r\\ny\"}}";

      succeeds(
          client.requestWithTimeout(
              NatsMessage.builder()
                  .subject(subjectPrefix + ".orders.place")
                  .headers(headers)
                  .data(body, UTF_8)
                  .build(),
              REQUEST_TIMEOUT));
      Request request = succeeds(seen);

      assertEquals(subjectPrefix + ".orders.place", request.subject());
      assertEquals(body, request.text());
      assertEquals("ORD-1", request.json().map.get("input").map.get("id").string);
      assertEquals("corr-7f3a", request.correlationId());
      assertEquals(Instant.ofEpochMilli(deadline), request.deadline().orElseThrow());
      assertFalse(request.isExpired());
      assertEquals(trace, request.traceParent().orElseThrow());
      assertEquals("placeOrder/lines/0/caf\u00e9", request.fieldPath().orElseThrow());
      assertEquals(" Bestellung \u00fcbernehmen", request.operationName().orElseThrow());
      assertEquals(2, request.attempt());
    }
  }

  @Test
  void request_withoutHeaders_hasDefaults() throws Exception {
    CompletableFuture<Request> seen = new CompletableFuture<>();
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  seen.complete(request);
                  return Reply.json("null");
                })
            .start()) {

      succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));
      Request request = succeeds(seen);

      assertEquals("", request.correlationId());
      assertEquals("", request.text());
      assertEquals(1, request.attempt());
      assertTrue(request.deadline().isEmpty());
      assertTrue(request.traceParent().isEmpty());
      assertFalse(request.isExpired());
    }
  }

  @Test
  void request_malformedTraceparent_isEmpty() throws Exception {
    CompletableFuture<Request> seen = new CompletableFuture<>();
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  seen.complete(request);
                  return Reply.json("1");
                })
            .start()) {
      Headers headers =
          new Headers()
              .put(SwitchboardHeaders.TRACEPARENT, "not-a-trace")
              .put(SwitchboardHeaders.ATTEMPT, "many")
              .put(SwitchboardHeaders.DEADLINE, "tomorrow");

      succeeds(
          client.requestWithTimeout(subjectPrefix + ".get", headers, new byte[0], REQUEST_TIMEOUT));
      Request request = succeeds(seen);

      assertTrue(request.traceParent().isEmpty());
      assertEquals(1, request.attempt());
      assertTrue(request.deadline().isEmpty());
    }
  }

  @Test
  void reply_extraHeaders_areSentEncoded() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> Reply.json("1").withHeader("X-Note", "caf\u00e9\r\n"))
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      assertEquals("caf%C3%A9%0D%0A", reply.getHeaders().getFirst("X-Note"));
      assertEquals("caf\u00e9\r\n", HeaderValues.decode(reply.getHeaders().getFirst("X-Note")));
      assertEquals("1", bodyOf(reply));
    }
  }

  @Test
  void handler_serviceException_repliesStandardErrorWithEmptyBody() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  throw new ServiceException(404, "order not found");
                })
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      assertEquals("order not found", reply.getHeaders().getFirst("Nats-Service-Error"));
      assertEquals("404", reply.getHeaders().getFirst("Nats-Service-Error-Code"));
      assertEquals("", bodyOf(reply));
    }
  }

  @Test
  void handler_serviceExceptionWithNonAsciiText_isEncodedInTheHeader() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  throw new ServiceException(409, "Bestellung ge\u00e4ndert\r\nX-Evil: 1");
                })
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      String text = reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR);
      assertEquals("Bestellung ge\u00e4ndert\r\nX-Evil: 1", HeaderValues.decode(text));
      assertEquals("409", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
      assertFalse(reply.getHeaders().containsKey("X-Evil"));
    }
  }

  @Test
  void handler_requestBodyNotJson_replies400() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint("get", subjectPrefix + ".get", request -> Reply.json(request.json().toJson()))
            .start()) {

      Message reply =
          succeeds(
              client.requestWithTimeout(
                  subjectPrefix + ".get", "{not json".getBytes(UTF_8), REQUEST_TIMEOUT));

      assertEquals("400", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
      assertEquals(
          "the request body is not JSON",
          reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR));
    }
  }

  @Test
  void handler_unexpectedException_replies500WithoutItsText() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  throw new IllegalStateException("secret db password xyz");
                })
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      assertEquals("500", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
      assertEquals("internal error", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR));
      assertSecretAbsent(reply, "secret", "password", "xyz", "IllegalStateException");
    }
  }

  @Test
  void handler_interrupted_replies503SoTheBridgeMayRetryElsewhere() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  throw new InterruptedException("pool shutting down");
                })
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      assertEquals("503", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
      assertEquals(
          "service shutting down", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR));
    }
  }

  @Test
  void handler_returnsNull_replies500() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint("get", subjectPrefix + ".get", request -> null)
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      assertEquals("500", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
      assertEquals("internal error", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR));
    }
  }

  @Test
  void handler_throwsError_replies500WithoutItsText() throws Exception {
    // An Error that escaped to jnats was answered with error.toString(): class name and message.
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  throw new StackOverflowError("secret recursion xyz");
                })
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      assertEquals("500", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
      assertEquals("internal error", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR));
      assertSecretAbsent(reply, "secret", "xyz", "StackOverflowError");
    }
  }

  @Test
  void handler_throwsErrorOnExecutor_stillReplies500() throws Exception {
    // On an executor nobody caught an escaping Error, so the caller waited for its whole timeout.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .executor(pool)
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  throw new StackOverflowError("secret recursion xyz");
                })
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      assertEquals("500", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
      assertSecretAbsent(reply, "secret", "xyz", "StackOverflowError");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void request_pastDeadline_getsNoReplyAndHandlerNeverRuns() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subjectPrefix + ".get",
                request -> {
                  calls.incrementAndGet();
                  return Reply.json("\"late\"");
                })
            .start()) {
      Headers expired =
          new Headers()
              .put(SwitchboardHeaders.CORRELATION_ID, "corr-late")
              .put(
                  SwitchboardHeaders.DEADLINE,
                  Long.toString(Instant.now().minusSeconds(1).toEpochMilli()));

      CompletableFuture<Message> late = client.request(subjectPrefix + ".get", expired, null);

      assertNoReplyWithin(late, Duration.ofMillis(700));
      // Same endpoint, same dispatcher, in order: once this reply is in, the expired one was seen.
      Message later =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));
      assertEquals("\"late\"", bodyOf(later));
      assertEquals(1, calls.get(), "only the request within its deadline reached the handler");
    }
  }

  @Test
  void executor_slowHandler_doesNotBlockFastEndpoint() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      assertSlowDoesNotBlockFast(
          slow ->
              Responder.builder(serviceConnection, serviceName, "1.0.0")
                  .executor(pool)
                  .endpoint("slow", subjectPrefix + ".slow", slow)
                  .endpoint("fast", subjectPrefix + ".fast", request -> Reply.json("\"fast\""))
                  .start());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void executor_setAfterEndpoints_stillApplies() throws Exception {
    // Regression: the executor was captured when each endpoint was added, so setting it last did
    // nothing.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      assertSlowDoesNotBlockFast(
          slow ->
              Responder.builder(serviceConnection, serviceName, "1.0.0")
                  .endpoint("slow", subjectPrefix + ".slow", slow)
                  .endpoint("fast", subjectPrefix + ".fast", request -> Reply.json("\"fast\""))
                  .executor(pool)
                  .start());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void executor_rejectingWork_replies503() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .executor(
                task -> {
                  throw new RejectedExecutionException("queue full");
                })
            .endpoint("get", subjectPrefix + ".get", request -> Reply.json("1"))
            .start()) {

      Message reply =
          succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));

      assertEquals("503", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
      assertEquals(
          "service overloaded", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR));
    }
  }

  @Test
  void discovery_pingAndInfo_showNameVersionAndEndpoints() throws Exception {
    try (Responder responder =
        Responder.builder(serviceConnection, serviceName, "1.4.2")
            .description("orders for the IT")
            .endpoint("get", subjectPrefix + ".orders.*.get", request -> Reply.json("1"))
            .endpoint("place", subjectPrefix + ".orders.*.place", request -> Reply.json("2"))
            .start()) {
      Discovery discovery = new Discovery(client, 3000, 1);

      List<PingResponse> pings = discovery.ping(serviceName);
      InfoResponse info = discovery.info(serviceName, responder.id());

      assertEquals(1, pings.size());
      assertEquals(serviceName, pings.get(0).getName());
      assertEquals("1.4.2", pings.get(0).getVersion());
      assertEquals(responder.id(), pings.get(0).getId());
      assertEquals(serviceName, responder.name());
      assertEquals(serviceName, info.getName());
      assertEquals("1.4.2", info.getVersion());
      assertEquals("orders for the IT", info.getDescription());
      assertEquals(
          List.of(subjectPrefix + ".orders.*.get", subjectPrefix + ".orders.*.place"),
          info.getEndpoints().stream()
              .map(Endpoint::getSubject)
              .sorted()
              .collect(Collectors.toList()));
      assertEquals(
          List.of("get", "place"),
          info.getEndpoints().stream()
              .map(Endpoint::getName)
              .sorted()
              .collect(Collectors.toList()));
    }
  }

  @Test
  void close_stopsAnswering_laterRequestGetsNoResponders() throws Exception {
    Responder responder =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint("get", subjectPrefix + ".get", request -> Reply.json("\"here\""))
            .start();
    assertEquals(
        "\"here\"",
        bodyOf(succeeds(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT))));

    responder.close();

    Throwable failure =
        fails(client.requestWithTimeout(subjectPrefix + ".get", null, REQUEST_TIMEOUT));
    assertInstanceOf(JetStreamStatusException.class, failure);
    assertEquals(503, ((JetStreamStatusException) failure).getStatus().getCode());
    // Gone from discovery too. (jnats Discovery cannot parse a no-responders status, so ask
    // directly.)
    Throwable noPing =
        fails(client.requestWithTimeout("$SRV.PING." + serviceName, null, REQUEST_TIMEOUT));
    assertInstanceOf(JetStreamStatusException.class, noPing);
  }

  @Test
  void builder_withoutEndpoints_refusesToStart() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> Responder.builder(serviceConnection, serviceName, "1.0.0").start());

    assertEquals("a responder needs at least one endpoint", refused.getMessage());
  }

  @Test
  void builder_badEndpointSubject_isRefusedAtBuildTime() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Responder.builder(serviceConnection, serviceName, "1.0.0")
                .endpoint("get", subjectPrefix + ". bad", request -> Reply.json("1")));
  }

  // ---- helpers ----

  private interface Starter {
    Responder start(Handler slowHandler);
  }

  /** Holds the slow handler until the fast endpoint has answered; fails if the fast one waits. */
  private void assertSlowDoesNotBlockFast(Starter starter) throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Handler slow =
        request -> {
          slowStarted.countDown();
          if (!release.await(15, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
          return Reply.json("\"slow\"");
        };
    try (Responder ignored = starter.start(slow)) {
      CompletableFuture<Message> slowReply =
          client.requestWithTimeout(subjectPrefix + ".slow", null, Duration.ofSeconds(20));
      assertTrue(slowStarted.await(5, TimeUnit.SECONDS), "the slow handler started");

      Message fast =
          succeeds(client.requestWithTimeout(subjectPrefix + ".fast", null, Duration.ofSeconds(2)));

      assertEquals("\"fast\"", bodyOf(fast));
      assertFalse(slowReply.isDone(), "the slow one is still working");
      release.countDown();
      assertEquals("\"slow\"", bodyOf(succeeds(slowReply)));
    } finally {
      release.countDown();
    }
  }

  private static <T> T succeeds(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      throw new AssertionError("expected a value, got " + failed.getCause(), failed.getCause());
    }
  }

  private static Throwable fails(CompletableFuture<?> future) throws Exception {
    Object value;
    try {
      value = future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      return failed.getCause();
    } catch (CancellationException cancelled) {
      return cancelled;
    }
    throw new AssertionError("expected a failure, got " + describe(value));
  }

  /** Our own timer, as in the bridge: jnats would only cancel the future at its periodic sweep. */
  private static void assertNoReplyWithin(CompletableFuture<Message> future, Duration wait) {
    try {
      assertThrows(
          TimeoutException.class,
          () -> future.get(wait.toMillis(), TimeUnit.MILLISECONDS),
          () -> "expected no reply, got " + future);
    } finally {
      future.cancel(true);
    }
  }

  private static void assertSecretAbsent(Message reply, String... secrets) {
    StringBuilder everything = new StringBuilder(bodyOf(reply));
    if (reply.getHeaders() != null) {
      reply
          .getHeaders()
          .forEach(
              (name, values) -> everything.append('\n').append(name).append(": ").append(values));
    }
    for (String secret : secrets) {
      assertFalse(
          everything.toString().contains(secret), () -> "'" + secret + "' leaked in " + everything);
    }
  }

  private static String bodyOf(Message message) {
    return message.getData() == null ? "" : new String(message.getData(), UTF_8);
  }

  private static String describe(Object value) {
    if (value instanceof Message message) {
      return "a message with headers "
          + message.getHeaders()
          + " and body '"
          + bodyOf(message)
          + "'";
    }
    return String.valueOf(value);
  }
}
