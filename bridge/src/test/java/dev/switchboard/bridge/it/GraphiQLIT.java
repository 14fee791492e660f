package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * GraphiQL is served in dev mode (and only then, unless asked for), and it really renders in a
 * browser.
 */
@Timeout(120)
class GraphiQLIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();
  static String sdl;

  @BeforeAll
  static void chooseSchema() {
    sdl =
        """
        type Query { order(id: ID!): Order @natsRequest(subject: "%s.orders.{{ args.id }}") }
        type Order { id: ID! }
        """
            .formatted(Subjects.uniquePrefix());
  }

  @Test
  void graphiql_inDevMode_servesHtml() {
    try (TestBridge bridge = TestBridge.start(nats.server(), sdl, "dev: true\n")) {
      Response page = bridge.client().send("GET", "/graphiql/", null, Map.of());

      assertEquals(200, page.status(), page::toString);
      assertTrue(page.header("content-type").startsWith("text/html"), page.header("content-type"));
      assertTrue(page.text().contains("<title>GraphiQL</title>"), page.text());
      assertTrue(
          page.text().contains("\"/graphql\""),
          "the page is configured with the endpoint: " + page.text());
    }
  }

  @Test
  void graphiql_byDefault_is404() {
    try (TestBridge bridge = TestBridge.start(nats.server(), sdl)) {
      Response page = bridge.client().send("GET", "/graphiql/", null, Map.of());

      assertEquals(404, page.status(), page::toString);
      assertEquals("BAD_REQUEST", page.firstCode());
    }
  }

  @Test
  void graphiql_enabledExplicitly_isServedOutsideDevMode() {
    try (TestBridge bridge =
        TestBridge.start(nats.server(), sdl, "", Map.of("SWITCHBOARD_HTTP_GRAPHIQL", "true"))) {
      assertEquals(200, bridge.client().send("GET", "/graphiql/", null, Map.of()).status());
    }
  }

  @Test
  void graphiql_inHeadlessChromium_rendersTheEditorWithTheQueryFromTheUrl(@TempDir Path profile)
      throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM), "no " + CHROMIUM + ": apt-get install -y chromium");
    try (TestBridge bridge = TestBridge.start(nats.server(), sdl, "dev: true\n")) {
      String query = "{ order(id: \"42\") { id } }";
      String url =
          "http://127.0.0.1:"
              + bridge.port()
              + "/graphiql/?query="
              + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");

      String dom = dumpDom(url, profile);

      assertTrue(dom.contains("graphiql-container"), "GraphiQL did not render:\n" + dom);
      String editorText = dom.replaceAll("<[^>]+>", "").replaceAll("\\s|&nbsp;|\u200b", "");
      assertTrue(
          editorText.contains("{order(id:\"42\"){id}}"),
          "the editor shows the query from the URL:\n" + dom);
    }
  }

  /** A GraphiQL default query, as the demo's config sets it. */
  static final String OPENING_QUERY_YAML =
      """
      dev: true
      http:
        graphiqlQuery: |
          # Put a token in the Headers tab: {"Authorization": "Bearer ..."}
          query Opening { order(id: "7") { id } }
      """;

  @Test
  void graphiql_withAConfiguredQuery_isConfiguredToOpenOnIt() {
    try (TestBridge bridge = TestBridge.start(nats.server(), sdl, OPENING_QUERY_YAML)) {
      Response page = bridge.client().send("GET", "/graphiql/", null, Map.of());

      assertEquals(200, page.status(), page::toString);
      assertTrue(
          page.text().contains("query Opening { order(id: \\\"7\\\") { id } }"),
          "the page carries the query, JSON-escaped: " + page.text());
      assertTrue(page.text().contains("Headers tab"), page.text());
    }
  }

  @Test
  void graphiql_withoutAConfiguredQuery_opensOnGraphiqlsOwnDefault() {
    try (TestBridge bridge = TestBridge.start(nats.server(), sdl, "dev: true\n")) {
      Response page = bridge.client().send("GET", "/graphiql/", null, Map.of());

      assertFalse(page.text().contains("\"query\""), page.text());
    }
  }

  @Test
  void graphiql_inHeadlessChromium_opensOnTheConfiguredQuery(@TempDir Path profile)
      throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM), "no " + CHROMIUM + ": apt-get install -y chromium");
    try (TestBridge bridge = TestBridge.start(nats.server(), sdl, OPENING_QUERY_YAML)) {
      String dom = dumpDom("http://127.0.0.1:" + bridge.port() + "/graphiql/", profile);

      String editorText = dom.replaceAll("<[^>]+>", "").replaceAll("\\s|&nbsp;|\u200b", "");
      assertTrue(
          editorText.contains("queryOpening{order(id:\"7\"){id}}"),
          "the editor shows the configured query:\n" + dom);
      assertTrue(editorText.contains("Headerstab"), "the comment is in the editor too:\n" + dom);
    }
  }

  /** The DOM after the page's scripts ran, as headless Chromium sees it. */
  static String dumpDom(String url, Path profile) throws Exception {
    Path dom = profile.resolve("dom.html");
    Path log = profile.resolve("chromium.log");
    Process chromium =
        new ProcessBuilder(
                List.of(
                    CHROMIUM.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + profile.resolve("user-data"),
                    "--virtual-time-budget=10000",
                    "--dump-dom",
                    url))
            .redirectOutput(dom.toFile())
            .redirectError(log.toFile())
            .start();
    try {
      assertTrue(chromium.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
      String text = Files.readString(dom);
      assertFalse(text.isBlank(), "chromium dumped nothing; its log:\n" + Files.readString(log));
      return text;
    } finally {
      chromium.destroyForcibly();
    }
  }
}
