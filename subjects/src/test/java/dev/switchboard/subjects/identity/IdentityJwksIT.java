package dev.switchboard.subjects.identity;

import static dev.switchboard.subjects.identity.TestEnvelopes.claims;
import static dev.switchboard.subjects.identity.TestEnvelopes.newKey;
import static dev.switchboard.subjects.identity.TestEnvelopes.publicSet;
import static dev.switchboard.subjects.identity.TestEnvelopes.sign;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.testing.NatsServerExtension;
import io.nats.client.Connection;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verifier fetching the bridge's public keys over NATS and HTTP, as a service does. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdentityJwksIT {
  private static final String PREFIX = "it-jwks-" + UUID.randomUUID().toString().substring(0, 8);
  private static final ECKey FIRST_KEY = newKey("bridge-1");
  private static final ECKey SECOND_KEY = newKey("bridge-2");

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();

  /** The bridge's side, answering JWK set requests. */
  private static Connection bridgeConnection;

  /** The service's side, verifying. */
  private static Connection serviceConnection;

  /** What the fake bridge publishes right now, and how often it was asked. */
  private final AtomicReference<String> published =
      new AtomicReference<>(publicSet(FIRST_KEY).toString());

  private final AtomicInteger fetches = new AtomicInteger();
  private String jwksSubject;
  private Responder jwksResponder;
  private HttpServer http;
  private IdentityVerifier verifier;

  @BeforeAll
  static void connect() {
    bridgeConnection = nats.connect();
    serviceConnection = nats.connect();
  }

  @BeforeEach
  void subjectForThisTest(TestInfo test) {
    jwksSubject = PREFIX + "." + test.getTestMethod().orElseThrow().getName() + ".jwks";
  }

  @AfterEach
  void stopEverything() {
    if (verifier != null) {
      verifier.close();
    }
    if (jwksResponder != null) {
      jwksResponder.close();
    }
    if (http != null) {
      http.stop(0);
    }
  }

  @Test
  void natsJwks_defaultSubject_fetchesTheKeySetOnceForManyEnvelopes() throws Exception {
    jwksSubject = IdentityEnvelope.DEFAULT_JWKS_SUBJECT;
    serveJwksOverNats();
    verifier = IdentityVerifier.builder().natsJwks(serviceConnection).build();

    assertEquals("alice", verifier.verify(sign(FIRST_KEY, claims())).subject());
    assertEquals("bob", verifier.verify(sign(FIRST_KEY, claims().subject("bob"))).subject());
    assertEquals(1, fetches.get(), "the second envelope used the cached key set");
  }

  @Test
  void natsJwks_newKidAfterRotation_verifiesAfterOneRefetch() throws Exception {
    serveJwksOverNats();
    verifier = IdentityVerifier.builder().natsJwks(serviceConnection, jwksSubject).build();
    verifier.verify(sign(FIRST_KEY, claims()));

    published.set(publicSet(SECOND_KEY, FIRST_KEY).toString());

    assertEquals("alice", verifier.verify(sign(SECOND_KEY, claims())).subject());
    assertEquals(2, fetches.get());
    assertEquals(
        "bob",
        verifier.verify(sign(FIRST_KEY, claims().subject("bob"))).subject(),
        "the old key still verifies during the overlap");
  }

  @Test
  void natsJwks_unknownKids_refetchIsRateLimited() throws Exception {
    serveJwksOverNats();
    verifier = IdentityVerifier.builder().natsJwks(serviceConnection, jwksSubject).build();
    verifier.verify(sign(FIRST_KEY, claims()));

    IdentityException first =
        assertThrows(
            IdentityException.class, () -> verifier.verify(sign(newKey("forged-1"), claims())));
    IdentityException second =
        assertThrows(
            IdentityException.class, () -> verifier.verify(sign(newKey("forged-2"), claims())));

    assertTrue(first.getMessage().contains("unknown key: kid \"forged-1\""), first.getMessage());
    assertTrue(second.getMessage().contains("rate-limited"), second.getMessage());
    assertEquals(2, fetches.get(), "random kids cannot make the verifier hammer the bridge");
  }

  @Test
  void natsJwks_nobodyAnswers_rejectsAsUnavailable() {
    verifier =
        IdentityVerifier.builder()
            .natsJwks(serviceConnection, jwksSubject)
            .jwksTimeout(Duration.ofMillis(300))
            .build();

    IdentityException rejected =
        assertThrows(IdentityException.class, () -> verifier.verify(sign(FIRST_KEY, claims())));

    assertTrue(rejected.getMessage().startsWith("JWK set unavailable"), rejected.getMessage());
  }

  @Test
  void natsJwks_replyIsNotAKeySet_rejectsAsUnavailable() {
    published.set("{\"keys\":\"nope\"}");
    serveJwksOverNats();
    verifier = IdentityVerifier.builder().natsJwks(serviceConnection, jwksSubject).build();

    IdentityException rejected =
        assertThrows(IdentityException.class, () -> verifier.verify(sign(FIRST_KEY, claims())));

    assertTrue(rejected.getMessage().contains("is not a JWK set"), rejected.getMessage());
  }

  @Test
  void jwksUrl_servesKeysOverHttp_cachesAndFollowsRotation() throws Exception {
    verifier = IdentityVerifier.builder().jwksUrl(serveJwksOverHttp()).build();

    assertEquals("alice", verifier.verify(sign(FIRST_KEY, claims())).subject());
    assertEquals("bob", verifier.verify(sign(FIRST_KEY, claims().subject("bob"))).subject());
    assertEquals(1, fetches.get());

    published.set(publicSet(FIRST_KEY, SECOND_KEY).toString());

    assertEquals("carol", verifier.verify(sign(SECOND_KEY, claims().subject("carol"))).subject());
    assertEquals(2, fetches.get());
  }

  @Test
  void jwksUrl_serverDown_rejectsAsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    verifier =
        IdentityVerifier.builder()
            .jwksUrl(new URL("http://127.0.0.1:" + closedPort + "/.well-known/jwks.json"))
            .build();

    IdentityException rejected =
        assertThrows(IdentityException.class, () -> verifier.verify(sign(FIRST_KEY, claims())));

    assertTrue(rejected.getMessage().startsWith("JWK set unavailable"), rejected.getMessage());
  }

  // ---- the fake bridge ----

  private void serveJwksOverNats() {
    jwksResponder =
        Responder.builder(
                bridgeConnection, "jwks_" + UUID.randomUUID().toString().substring(0, 8), "1.0.0")
            .endpoint(
                "jwks",
                jwksSubject,
                request -> {
                  fetches.incrementAndGet();
                  return Reply.json(published.get());
                })
            .start();
  }

  private URL serveJwksOverHttp() throws Exception {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = published.get().getBytes(UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
    return new URL("http://127.0.0.1:" + http.getAddress().getPort() + "/.well-known/jwks.json");
  }
}
