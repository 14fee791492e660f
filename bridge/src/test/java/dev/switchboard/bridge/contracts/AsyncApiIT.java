package dev.switchboard.bridge.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.bridge.demo.DemoServices;
import dev.switchboard.bridge.launcher.AsyncApiCommand;
import dev.switchboard.bridge.nats.ServiceConnection;
import dev.switchboard.bridge.testing.GraphQLClient.Response;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.NodeScript;
import dev.switchboard.bridge.testing.SubjectSpy;
import dev.switchboard.bridge.testing.TestBridge;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated AsyncAPI document passes the official parser ({@code @asyncapi/parser}), and its
 * JSON Schemas accept what really travels: the demo services' replies and the bridge's own
 * requests.
 */
class AsyncApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension().jetStream();

  @TempDir Path directory;

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource({
    "demo, json",
    "demo, yaml",
    "bench-config.yaml, json",
    "bench-config.yaml, yaml",
    "bench-nested-config.yaml, yaml"
  })
  void asyncapi_ofTheShippedSchemas_passesTheOfficialParserWithoutErrors(
      String config, String format) throws Exception {
    Path configFile = config.equals("demo") ? demoConfig() : benchConfig(config);
    Path document = directory.resolve("asyncapi." + format);
    Files.writeString(document, generate(configFile, format));

    NodeScript.Result parsed = NodeScript.run("asyncapi-validate.mjs", document.toString());

    assertEquals(0, parsed.exitCode(), parsed.toString());
    assertTrue(parsed.stdout().contains("\"errors\":0"), parsed.toString());
  }

  @Test
  void replySchemas_acceptTheDemoServicesRealReplies_andRefuseAWrongOne() throws Exception {
    Path document = demoDocument();
    try (ServiceConnection services = ServiceConnection.open(nats.url())) {
      DemoServices.start(services);
      Connection client = nats.connect();
      Map<String, List<Object>> replies = new LinkedHashMap<>();
      replies.put(
          "Query_order_reply", List.of(reply(client, "demo.orders.get.1", "{\"id\":\"1\"}")));
      replies.put(
          "Query_orders_reply",
          List.of(
              reply(client, "demo.orders.list", "{}"),
              reply(client, "demo.orders.list", "{\"status\":\"SHIPPED\"}")));
      replies.put("Order_customer_reply", List.of(reply(client, "demo.customers.get.c1", "{}")));
      replies.put(
          "Mutation_placeOrder_reply",
          List.of(
              reply(
                  client,
                  "demo.orders.place",
                  "{\"input\":{\"customerId\":\"c2\",\"quantity\":2}}")));
      replies.put("Query_auditTrail_reply", List.of(reply(client, "demo.audit.trail", "{}")));
      for (Map.Entry<String, List<Object>> each : replies.entrySet()) {
        assertValid(
            document, "/components/messages/" + each.getKey() + "/payload", each.getValue());
      }

      Message failed = client.request("demo.payments.get.1", "{}".getBytes(), WAIT);
      assertTrue(failed.getHeaders().containsKey("Nats-Service-Error"), "an error reply");
      assertValid(document, "/components/messages/ServiceError/headers", List.of(headers(failed)));

      Map<String, Object> wrong = Map.of("id", "1", "status", "LOST", "total", 1.0);
      NodeScript.Result refused =
          validate(document, "/components/messages/Query_order_reply/payload", List.of(wrong));
      assertNotEquals(0, refused.exitCode(), "a reply with an unknown status and no customerId");
    }
  }

  @Test
  void requestAndPublishSchemas_acceptWhatTheBridgeSends_headersIncluded() throws Exception {
    try (ServiceConnection services = ServiceConnection.open(nats.url())) {
      DemoServices.start(services);
      TestBridge bridge = nats.startBridge(demoSdl());
      Path document = directory.resolve("bridge.json");
      Files.writeString(document, generate(bridge.file("config.yaml"), "json"));
      SubjectSpy spy = nats.spy("demo.>");

      Response response =
          bridge
              .client()
              .query(
                  "query Shop { order(id: \"1\") { id customer { name } } orders(status: SHIPPED)"
                      + " { id } }");
      assertEquals(0, response.errors().size(), response.toString());

      Response clicked = bridge.client().query("mutation { trackClick(page: \"home\") { ok } }");
      assertEquals(0, clicked.errors().size(), clicked.toString());

      Map<String, List<String>> messagesOf =
          Map.of(
              "demo.orders.get.1", List.of("Query_order_request"),
              "demo.orders.list", List.of("Query_orders_request"),
              "demo.customers.get.c1", List.of("Order_customer_request"),
              "demo.clicks", List.of("Mutation_trackClick_publish", "Subscription_clicks_event"));
      List<Message> sent =
          spy.messages().stream()
              .filter(message -> messagesOf.containsKey(message.getSubject()))
              .toList();
      assertEquals(4, sent.size(), "order, its customer, the order list and a click: " + sent);
      for (Message message : sent) {
        for (String id : messagesOf.get(message.getSubject())) {
          String pointer = "/components/messages/" + id;
          assertValid(document, pointer + "/payload", List.of(JSON.readTree(message.getData())));
          assertValid(document, pointer + "/headers", List.of(headers(message)));
        }
      }
    }
  }

  private void assertValid(Path document, String pointer, List<?> values) throws Exception {
    NodeScript.Result result = validate(document, pointer, values);
    assertEquals(0, result.exitCode(), pointer + ": " + result);
  }

  private NodeScript.Result validate(Path document, String pointer, List<?> values)
      throws Exception {
    Path instances = Files.createTempFile(directory, "instances", ".json");
    Files.writeString(instances, JSON.writeValueAsString(values));
    return NodeScript.run(
        "json-schema-validate.mjs", document.toString(), pointer, instances.toString());
  }

  private static JsonNode reply(Connection client, String subject, String body) throws Exception {
    Message reply = client.request(subject, body.getBytes(StandardCharsets.UTF_8), WAIT);
    Headers headers = reply.getHeaders();
    assertTrue(
        headers == null || !headers.containsKey("Nats-Service-Error"),
        subject + " failed: " + (headers == null ? "" : headers.get("Nats-Service-Error")));
    return JSON.readTree(reply.getData());
  }

  private static Map<String, String> headers(Message message) {
    Map<String, String> values = new LinkedHashMap<>();
    message.getHeaders().forEach((name, list) -> values.put(name, list.get(0)));
    return values;
  }

  private Path demoDocument() throws Exception {
    Path document = directory.resolve("demo.json");
    Files.writeString(document, generate(demoConfig(), "json"));
    return document;
  }

  private Path demoConfig() throws Exception {
    Path config = directory.resolve("demo.yaml");
    Files.writeString(
        config,
        """
        nats:
          urls: ["nats://127.0.0.1:4222"]
        schema:
          files: ["classpath:demo/schema.graphql"]
        """);
    return config;
  }

  private static Path benchConfig(String name) {
    for (Path candidate : List.of(Path.of("../deploy/bench"), Path.of("deploy/bench"))) {
      if (Files.isDirectory(candidate)) {
        return candidate.resolve(name);
      }
    }
    throw new IllegalStateException("deploy/bench not found from " + Path.of("").toAbsolutePath());
  }

  private static String demoSdl() throws Exception {
    try (InputStream in =
        AsyncApiIT.class.getClassLoader().getResourceAsStream("demo/schema.graphql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String generate(Path config, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AsyncApiCommand.run(
            config, Map.of(), format, new PrintStream(out, true), new PrintStream(err, true));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
