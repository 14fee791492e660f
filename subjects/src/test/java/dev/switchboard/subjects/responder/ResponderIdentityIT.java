package dev.switchboard.subjects.responder;

import static dev.switchboard.subjects.identity.TestEnvelopes.claims;
import static dev.switchboard.subjects.identity.TestEnvelopes.newKey;
import static dev.switchboard.subjects.identity.TestEnvelopes.publicSet;
import static dev.switchboard.subjects.identity.TestEnvelopes.sign;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.identity.Identity;
import dev.switchboard.subjects.identity.IdentityVerifier;
import dev.switchboard.subjects.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Responders that read the bridge's identity envelope, against a real nats-server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // try-with-resources scopes each responder; the body need not name it
class ResponderIdentityIT {
  private static final String PREFIX =
      "it-identity-" + UUID.randomUUID().toString().substring(0, 8);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final ECKey BRIDGE_KEY = newKey("bridge-1");

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  private static Connection serviceConnection;
  private static Connection client;
  private static IdentityVerifier verifier;

  private String subject;
  private String serviceName;

  @BeforeAll
  static void connect() {
    serviceConnection = nats.connect();
    client = nats.connect();
    verifier = IdentityVerifier.builder().jwkSet(publicSet(BRIDGE_KEY)).build();
  }

  @AfterAll
  static void closeVerifier() {
    if (verifier != null) {
      verifier.close();
    }
  }

  @BeforeEach
  void namesForThisTest(TestInfo test) {
    subject = PREFIX + "." + test.getTestMethod().orElseThrow().getName() + ".get";
    serviceName = "svc_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void verifyIdentity_validEnvelope_handlerSeesTheCaller() throws Exception {
    CompletableFuture<Request> seen = new CompletableFuture<>();
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .verifyIdentity(verifier)
            .endpoint(
                "get",
                subject,
                request -> {
                  seen.complete(request);
                  return Reply.json(
                      "\"" + request.identity().map(Identity::subject).orElse("nobody") + "\"");
                })
            .start()) {

      Message reply = send(sign(BRIDGE_KEY, claims()));

      assertEquals("\"alice\"", bodyOf(reply));
      Identity identity = seen.get(5, TimeUnit.SECONDS).identity().orElseThrow();
      assertEquals(List.of("customer", "beta"), identity.roles());
      assertEquals("acme", identity.claim("tenant").orElseThrow());
    }
  }

  @Test
  void verifyIdentity_noOrInvalidEnvelope_handlerRunsWithoutIdentity() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .verifyIdentity(verifier)
            .endpoint(
                "get",
                subject,
                request ->
                    Reply.json(
                        "\"" + request.identity().map(Identity::subject).orElse("nobody") + "\""))
            .start()) {

      assertEquals("\"nobody\"", bodyOf(send(null)));
      assertEquals("\"nobody\"", bodyOf(send(sign(newKey("bridge-1"), claims()))));
    }
  }

  @Test
  void withoutVerifier_identityIsEmptyEvenWithAValidEnvelope() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .endpoint(
                "get",
                subject,
                request -> Reply.json(Boolean.toString(request.identity().isPresent())))
            .start()) {

      assertEquals("false", bodyOf(send(sign(BRIDGE_KEY, claims()))));
    }
  }

  @Test
  void requireIdentity_validEnvelope_handlerRuns() throws Exception {
    try (Responder ignored = requiringResponder(new AtomicInteger())) {
      Message reply = send(sign(BRIDGE_KEY, claims()));

      assertEquals("\"alice\"", bodyOf(reply));
      assertNull(
          reply.getHeaders() == null
              ? null
              : reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR));
    }
  }

  @Test
  void requireIdentity_noHeader_replies401AndHandlerNeverRuns() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Responder ignored = requiringResponder(calls)) {
      assertRefused(send(null));
      assertEquals(0, calls.get());
    }
  }

  @Test
  void requireIdentity_forgedEnvelope_replies401AndHandlerNeverRuns() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Responder ignored = requiringResponder(calls)) {
      assertRefused(send(sign(newKey("bridge-1"), claims().claim("roles", List.of("admin")))));
      assertEquals(0, calls.get());
    }
  }

  @Test
  void requireIdentity_expiredEnvelope_replies401WithoutSayingWhy() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Instant expired = Instant.now().minus(Duration.ofMinutes(10));
    String envelope =
        sign(
            BRIDGE_KEY,
            claims()
                .issueTime(Date.from(expired.minusSeconds(300)))
                .expirationTime(Date.from(expired)));
    try (Responder ignored = requiringResponder(calls)) {
      Message reply = send(envelope);

      assertRefused(reply);
      String everything = reply.getHeaders() + " " + bodyOf(reply);
      assertFalse(
          everything.toLowerCase().contains("expired"),
          () -> "the reason stays in our log: " + everything);
      assertEquals(0, calls.get());
    }
  }

  @Test
  void requireIdentity_garbageHeader_replies401() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Responder ignored = requiringResponder(calls)) {
      assertRefused(send("not-a-jws"));
      assertEquals(0, calls.get());
    }
  }

  @Test
  void requireIdentity_onAnExecutor_refusesTheSame() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    AtomicInteger calls = new AtomicInteger();
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .executor(pool)
            .verifyIdentity(verifier)
            .requireIdentity()
            .endpoint(
                "get",
                subject,
                request -> {
                  calls.incrementAndGet();
                  return Reply.json("1");
                })
            .start()) {

      assertRefused(send(null));
      assertEquals("1", bodyOf(send(sign(BRIDGE_KEY, claims()))));
      assertEquals(1, calls.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void requireIdentity_withoutVerifier_isRefusedAtStart() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                Responder.builder(serviceConnection, serviceName, "1.0.0")
                    .requireIdentity()
                    .endpoint("get", subject, request -> Reply.json("1"))
                    .start());

    assertEquals("requireIdentity() needs verifyIdentity(verifier)", refused.getMessage());
  }

  @Test
  void requireIdentity_beforeVerifyIdentity_isFine() throws Exception {
    try (Responder ignored =
        Responder.builder(serviceConnection, serviceName, "1.0.0")
            .requireIdentity()
            .endpoint("get", subject, request -> Reply.json("1"))
            .verifyIdentity(verifier)
            .start()) {

      assertRefused(send(null));
    }
  }

  // ---- helpers ----

  private Responder requiringResponder(AtomicInteger calls) {
    return Responder.builder(serviceConnection, serviceName, "1.0.0")
        .verifyIdentity(verifier)
        .requireIdentity()
        .endpoint(
            "get",
            subject,
            request -> {
              calls.incrementAndGet();
              return Reply.json("\"" + request.identity().orElseThrow().subject() + "\"");
            })
        .start();
  }

  /** A request as the bridge sends it, with the envelope in its header when given. */
  private Message send(String envelope) throws Exception {
    Headers headers =
        new Headers().put(SwitchboardHeaders.CORRELATION_ID, "corr-" + UUID.randomUUID());
    if (envelope != null) {
      headers.put(SwitchboardHeaders.IDENTITY, envelope);
    }
    try {
      return client
          .requestWithTimeout(
              NatsMessage.builder().subject(subject).headers(headers).data("{}", UTF_8).build(),
              REQUEST_TIMEOUT)
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      throw new AssertionError("expected a reply, got " + failed.getCause(), failed.getCause());
    }
  }

  private static void assertRefused(Message reply) {
    assertTrue(reply.hasHeaders(), "an error reply carries headers");
    assertEquals("401", reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE));
    assertEquals(
        "identity missing or invalid",
        reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR));
  }

  private static String bodyOf(Message message) {
    return message.getData() == null ? "" : new String(message.getData(), UTF_8);
  }
}
