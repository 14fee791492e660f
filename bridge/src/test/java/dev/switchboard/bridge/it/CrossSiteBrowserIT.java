package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import io.nats.client.Message;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser on another origin (headless Chromium, a page served from a second loopback port)
 * tries every cross-site way to make the bridge run an operation: no-cors fetches, form posts, a
 * preflighted JSON fetch, a WebSocket and an EventSource. By default none of them runs anything:
 * the subject spy sees only the control (a cross-site GET query, which is allowed and read-only).
 */
@Timeout(120)
class CrossSiteBrowserIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static Connection services;
  static String prefix;
  SubjectSpy spy;
  @TempDir Path profile;

  @BeforeAll
  static void start() {
    assumeChromium();
    services = nats.connect();
    prefix = Subjects.uniquePrefix();
    CsrfIT.answerEverything(services, prefix);
  }

  static void assumeChromium() {
    Assumptions.assumeTrue(
        Files.isExecutable(GraphiQLIT.CHROMIUM),
        "no " + GraphiQLIT.CHROMIUM + ": apt-get install -y chromium");
  }

  @BeforeEach
  void listen() {
    spy = nats.spy(prefix + ".>");
  }

  @Test
  void pageOnAnotherOrigin_byDefault_cannotRunAnything() throws Exception {
    TestBridge bridge = nats.startBridge(CsrfIT.sdl(prefix));

    JsonNode report = attack(bridge);

    assertEquals(Set.of(prefix + ".probe.control"), subjectsSeen(), "report: " + report);
    assertTrue(report.path("websocket").asText().startsWith("closed"), report::toString);
    assertTrue(report.path("eventsource").asText().startsWith("error"), report::toString);
    assertTrue(report.path("fetch cors json").asText().startsWith("refused"), report::toString);
    assertEquals("submitted, frame loaded", report.path("form text/plain").asText());
  }

  @Test
  void pageOnAnotherOrigin_anyOriginAllowed_opensStreamsAndCorsJson_butNeverSimplePosts()
      throws Exception {
    TestBridge bridge =
        nats.startBridge(CsrfIT.sdl(prefix), "", Map.of("SWITCHBOARD_HTTP_ALLOWED_ORIGINS", "*"));

    JsonNode report = attack(bridge);

    assertEquals(
        new TreeSet<>(
            List.of(
                prefix + ".place.cors-json",
                prefix + ".place.websocket",
                prefix + ".probe.eventsource",
                prefix + ".probe.control")),
        subjectsSeen(),
        "report: " + report);
    assertEquals("status 200", report.path("fetch cors json").asText(), report::toString);
    assertTrue(report.path("websocket").asText().startsWith("opened and ran"), report::toString);
  }

  Set<String> subjectsSeen() {
    return spy.messages().stream()
        .map(Message::getSubject)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Serves the attacker's page on another port, lets Chromium run it, returns its report. */
  JsonNode attack(TestBridge bridge) throws Exception {
    String page =
        readResource("/csrf/attacker.html").replace("BRIDGE", "http://127.0.0.1:" + bridge.port());
    CompletableFuture<String> report = new CompletableFuture<>();
    HttpServer attacker =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    attacker.createContext("/", exchange -> respond(exchange, page));
    attacker.createContext(
        "/report",
        exchange -> {
          report.complete(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          respond(exchange, "thanks");
        });
    attacker.start();
    Process chromium = null;
    try {
      chromium =
          new ProcessBuilder(
                  GraphiQLIT.CHROMIUM.toString(),
                  "--headless",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--no-first-run",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--user-data-dir=" + profile.resolve("user-data"),
                  "http://127.0.0.1:" + attacker.getAddress().getPort() + "/")
              .redirectOutput(profile.resolve("chromium.out").toFile())
              .redirectError(profile.resolve("chromium.log").toFile())
              .start();
      try {
        return JSON.readTree(report.get(90, TimeUnit.SECONDS));
      } catch (TimeoutException noReport) {
        throw new AssertionError(
            "the page never reported; chromium's log:\n"
                + Files.readString(profile.resolve("chromium.log")));
      }
    } finally {
      if (chromium != null) {
        chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      attacker.stop(0);
    }
  }

  static void respond(HttpExchange exchange, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  static String readResource(String name) throws IOException {
    try (InputStream in = CrossSiteBrowserIT.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
