package dev.switchboard.bridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.identity.TestKeys.RunningClock;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.identity.IdentityVerifier;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation procedure against a real nats-server: the signer and its JWK set publisher (served
 * over HTTP and as a NATS service, as the bridge serves them) reload their keys while a service
 * with the {@code subjects} verifier keeps verifying every envelope.
 */
@Timeout(120)
class KeyRotationIT {
  static final Duration TTL = Duration.ofSeconds(30);

  /**
   * The {@code subjects} verifier refetches the set on an unknown kid at most once per 30 s; the
   * procedure's wait (a cache lifetime, several minutes) is longer, this test waits just that.
   */
  static final Duration REFETCH_INTERVAL = Duration.ofSeconds(31);

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  @TempDir Path dir;

  final RunningClock clock = new RunningClock();
  final HttpClient http = HttpClient.newHttpClient();
  Vertx vertx;
  Connection connection;
  Responder jwksService;
  Responder whoami;
  IdentityVerifier verifier;
  IdentitySigner signer;
  String jwksSubject;
  String prefix;
  int httpPort;

  @BeforeEach
  void start() throws Exception {
    TestKeys keys = new TestKeys(dir);
    Path old = keys.file("old");
    keys.file("new");
    prefix = Subjects.uniquePrefix();
    jwksSubject = "jwks." + prefix;
    connection = nats.connect();
    signer = IdentitySigner.create(TestKeys.config(TTL, old), clock);
    JwksPublisher publisher = new JwksPublisher(signer, jwksSubject);
    jwksService =
        publisher
            .endpoints(Responder.builder(connection, JwksPublisher.SERVICE, JwksPublisher.VERSION))
            .start();
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    publisher.addRoute(router);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0)
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    httpPort = server.actualPort();
    verifier = IdentityVerifier.builder().natsJwks(connection, jwksSubject).build();
    whoami =
        Responder.builder(connection, "whoami", "1.0.0")
            .verifyIdentity(verifier)
            .requireIdentity()
            .endpoint(
                "whoami",
                prefix + ".whoami",
                request -> Reply.json("\"" + request.identity().orElseThrow().subject() + "\""))
            .start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    whoami.close();
    jwksService.close();
    verifier.close();
    connection.close();
    vertx.close();
  }

  private Path key(String kid) {
    return dir.resolve(kid + ".json");
  }

  /** The service's answer to a request carrying this envelope: no error header means verified. */
  private void assertServiceAccepts(String envelope) throws Exception {
    Headers headers = new Headers().put(SwitchboardHeaders.IDENTITY, envelope);
    Message reply =
        connection.request(
            NatsMessage.builder().subject(prefix + ".whoami").headers(headers).build(),
            Duration.ofSeconds(5));
    String kid = SignedJWT.parse(envelope).getHeader().getKeyID();
    assertNull(
        reply.getHeaders() == null
            ? null
            : reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR),
        "the service refused an envelope signed by " + kid);
    assertEquals("\"anonymous\"", new String(reply.getData(), StandardCharsets.UTF_8));
  }

  private List<String> kidsOverHttp() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + JwksPublisher.PATH))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("public, max-age=60", response.headers().firstValue("Cache-Control").orElse(""));
    return kids(response.body());
  }

  private List<String> kidsOverNats() throws Exception {
    Message reply = connection.request(jwksSubject, null, Duration.ofSeconds(5));
    return kids(new String(reply.getData(), StandardCharsets.UTF_8));
  }

  private static List<String> kids(String jwks) throws Exception {
    return JWKSet.parse(jwks).getKeys().stream().map(JWK::getKeyID).toList();
  }

  private void assertListed(List<String> kids) throws Exception {
    assertEquals(kids, kidsOverHttp(), "over HTTP");
    assertEquals(kids, kidsOverNats(), "over NATS");
  }

  private static String kidOf(String envelope) throws Exception {
    return SignedJWT.parse(envelope).getHeader().getKeyID();
  }

  @Test
  void rotation_followingTheProcedure_everyEnvelopeVerifiesAndTheSetFollowsEachStep()
      throws Exception {
    Caller alice = Caller.anonymous("visitor");
    String signedByOld = signer.envelopeFor(alice);
    assertServiceAccepts(signedByOld);
    assertListed(List.of("old"));

    // (1) publish the new key everywhere; the old one still signs
    signer.reload(TestKeys.config(TTL, key("old"), key("new")));
    assertListed(List.of("old", "new"));
    assertEquals("old", kidOf(signer.envelopeFor(alice)));
    assertServiceAccepts(signer.envelopeFor(alice));

    // (2) wait: here until the verifier may refetch, in production a JWK set cache lifetime
    Thread.sleep(REFETCH_INTERVAL.toMillis());

    // (3) the new key signs, the old one is still published
    signer.reload(TestKeys.config(TTL, key("new"), key("old")));
    String signedByNew = signer.envelopeFor(alice);
    assertEquals("new", kidOf(signedByNew), "the cached envelope is signed again");
    assertServiceAccepts(signedByNew);
    assertServiceAccepts(signedByOld);

    // (4) the old key leaves the config: still listed for ttl (+ skew), then gone
    signer.reload(TestKeys.config(TTL, key("new")));
    assertListed(List.of("new", "old"));
    assertServiceAccepts(signedByOld);
    try (IdentityVerifier restarted =
        IdentityVerifier.builder().natsJwks(connection, jwksSubject).build()) {
      // a service that starts now still verifies an old envelope in flight
      assertEquals("anonymous", restarted.verify(signedByOld).subject());
    }
    clock.advance(TTL.plus(IdentitySigner.SKEW_ALLOWANCE).minusSeconds(5));
    assertListed(List.of("new", "old"));
    clock.advance(Duration.ofSeconds(6));
    assertListed(List.of("new"));
    assertServiceAccepts(signer.envelopeFor(alice));
  }

  @Test
  void rotation_newKeyActiveAtOnce_serviceRecoversByRefetchingOnTheUnknownKid() throws Exception {
    Caller alice = Caller.anonymous("visitor");
    assertServiceAccepts(signer.envelopeFor(alice));
    // the verifier's cache holds only "old"; past the refetch interval it may ask again
    Thread.sleep(REFETCH_INTERVAL.toMillis());

    signer.reload(TestKeys.config(TTL, key("new")));

    assertListed(List.of("new", "old"));
    assertServiceAccepts(signer.envelopeFor(alice));
  }

  @Test
  void reload_brokenKeyFile_keepsServingAndSigningWithTheCurrentKeys() throws Exception {
    Caller alice = Caller.anonymous("visitor");

    assertThrows(
        IOException.class,
        () -> signer.reload(TestKeys.config(TTL, key("new"), dir.resolve("missing.json"))));

    assertListed(List.of("old"));
    assertEquals("old", kidOf(signer.envelopeFor(alice)));
    assertServiceAccepts(signer.envelopeFor(alice));
  }
}
