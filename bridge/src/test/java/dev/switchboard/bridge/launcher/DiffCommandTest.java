package dev.switchboard.bridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
  private static final String BASE =
      """
      type Query {
        order(id: ID!, status: Status): Order @natsRequest(subject: "orders.get.{{ args.id }}")
        orders: [Order!]! @natsRequest(subject: "orders.list")
      }
      type Mutation {
        track(page: String!): PublishResult @natsPublish(subject: "clicks")
      }
      type Subscription {
        events(id: ID!): Event @natsSubscribe(subjects: ["events.{{ args.id }}"])
      }
      type Order {
        id: ID!
        note: String
        customerId: ID!
        customer: Customer @natsRequest(subject: "customers.get.{{ parent.customerId }}")
      }
      type Customer { name: String! }
      type Event { id: ID!, status: Status! }
      enum Status { OPEN SHIPPED }
      """;

  @TempDir Path directory;

  record Outcome(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @Test
  void diff_sameSchema_listsNothingAndExitsZero() throws Exception {
    Outcome outcome = diff(BASE, BASE, "text");
    assertEquals(0, outcome.code(), outcome.err());
    assertEquals(List.of(), outcome.lines());
  }

  @Test
  void diff_subjectChanged_isBreakingForServices() throws Exception {
    Outcome outcome =
        diff(BASE, BASE.replace("subject: \"orders.list\"", "subject: \"orders.all\""), "text");
    assertEquals(1, outcome.code());
    assertEquals(
        List.of("BREAKING subject Query.orders: changed orders.list -> orders.all"),
        outcome.lines());
  }

  @Test
  void diff_placeholderSpacingOnly_changesNothing() throws Exception {
    Outcome outcome = diff(BASE, BASE.replace("{{ args.id }}\")", "{{args.id}}\")"), "text");
    assertEquals(0, outcome.code(), outcome.out());
  }

  @Test
  void diff_fieldRemoved_isBreakingForClientsAndServices() throws Exception {
    Outcome outcome =
        diff(
            BASE,
            BASE.replace("  orders: [Order!]! @natsRequest(subject: \"orders.list\")\n", ""),
            "text");
    assertEquals(1, outcome.code());
    assertTrue(
        outcome
            .lines()
            .contains("BREAKING subject Query.orders: removed request/reply orders.list"),
        outcome.out());
    assertTrue(
        outcome.lines().stream().anyMatch(line -> line.startsWith("BREAKING schema Query")),
        outcome.out());
  }

  @Test
  void diff_fieldMovedToAnotherConnection_isBreaking() throws Exception {
    Outcome outcome =
        diff(
            BASE,
            BASE.replace(
                "@natsPublish(subject: \"clicks\")",
                "@natsPublish(subject: \"clicks\", connection: \"events\")"),
            "text");
    assertEquals(1, outcome.code());
    assertEquals(
        List.of("BREAKING connection Mutation.track: moved from connection default to events"),
        outcome.lines());
  }

  @Test
  void diff_argumentRemoved_breaksTheRequestPayloadAndClients() throws Exception {
    Outcome outcome =
        diff(BASE, BASE.replace("order(id: ID!, status: Status)", "order(id: ID!)"), "text");
    assertEquals(1, outcome.code());
    assertTrue(
        outcome.lines().contains("BREAKING request Query.order.status: property removed"),
        outcome.out());
    assertTrue(
        outcome.lines().stream().anyMatch(line -> line.startsWith("BREAKING schema Query.order")),
        outcome.out());
  }

  @Test
  void diff_replyGainsANonNullField_breaksServicesOnly() throws Exception {
    Outcome outcome =
        diff(BASE, BASE.replace("  note: String\n", "  note: String\n  total: Float!\n"), "text");
    assertEquals(1, outcome.code());
    assertEquals(
        List.of(
            "BREAKING reply Query.order.total: required property added",
            "BREAKING reply Query.orders[].total: required property added"),
        outcome.lines());
  }

  @Test
  void diff_replyFieldBecomesNonNull_breaksServicesThatSentNull() throws Exception {
    Outcome outcome = diff(BASE, BASE.replace("note: String", "note: String!"), "text");
    assertEquals(1, outcome.code());
    assertTrue(
        outcome
            .lines()
            .contains(
                "BREAKING reply Query.order.note: property now required; may no longer be null"),
        outcome.out());
  }

  @Test
  void diff_enumValueAdded_isDangerous_andExitsZero() throws Exception {
    Outcome outcome =
        diff(
            BASE,
            BASE.replace("enum Status { OPEN SHIPPED }", "enum Status { OPEN SHIPPED LOST }"),
            "text");
    assertEquals(0, outcome.code(), outcome.out());
    assertTrue(
        outcome.lines().contains("DANGEROUS request Query.order.status: enum value LOST added"),
        outcome.out());
    assertTrue(
        outcome.lines().stream().anyMatch(line -> line.startsWith("DANGEROUS schema Status")),
        outcome.out());
  }

  @Test
  void diff_enumValueRemoved_breaksEventsServicesSend() throws Exception {
    Outcome outcome =
        diff(BASE, BASE.replace("enum Status { OPEN SHIPPED }", "enum Status { OPEN }"), "text");
    assertEquals(1, outcome.code());
    assertTrue(
        outcome
            .lines()
            .contains("BREAKING event Subscription.events.status: enum value SHIPPED removed"),
        outcome.out());
  }

  @Test
  void diff_batchingIntroduced_isBreaking() throws Exception {
    Outcome outcome =
        diff(
            BASE,
            BASE.replace(
                "@natsRequest(subject: \"customers.get.{{ parent.customerId }}\")",
                "@natsRequest(subject: \"customers.batch\", batchKey: \"{{ parent.customerId }}\")"),
            "text");
    assertEquals(1, outcome.code());
    assertTrue(
        outcome
            .lines()
            .contains(
                "BREAKING subject Order.customer: changed customers.get.{{ parent.customerId }} -> customers.batch"),
        outcome.out());
    assertTrue(
        outcome.lines().stream()
            .anyMatch(
                line ->
                    line.startsWith(
                        "BREAKING delivery Order.customer: changed core NATS -> batched")),
        outcome.out());
  }

  @Test
  void diff_publishBecomesJetStream_isDangerous() throws Exception {
    Outcome outcome =
        diff(
            BASE,
            BASE.replace(
                "@natsPublish(subject: \"clicks\")",
                "@natsPublish(subject: \"clicks\", stream: true)"),
            "text");
    assertEquals(0, outcome.code());
    assertEquals(
        List.of("DANGEROUS delivery Mutation.track: changed core NATS -> JetStream"),
        outcome.lines());
  }

  @Test
  void diff_jsonFormat_printsAnArrayForCiAnnotations() throws Exception {
    Outcome outcome =
        diff(BASE, BASE.replace("subject: \"orders.list\"", "subject: \"orders.all\""), "json");
    assertEquals(1, outcome.code());
    JsonNode changes = new ObjectMapper().readTree(outcome.out());
    assertEquals(1, changes.size());
    assertEquals("BREAKING", changes.get(0).get("level").asText());
    assertEquals("subject", changes.get(0).get("kind").asText());
    assertEquals("Query.orders", changes.get(0).get("path").asText());
    assertEquals("changed orders.list -> orders.all", changes.get(0).get("message").asText());
  }

  @Test
  void diff_againstAGitRevision_readsTheCommittedSchemaAndConfig() throws Exception {
    Path config = writeConfig(BASE);
    git("init", "-q");
    git("add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "v1");
    Files.writeString(
        directory.resolve("schema.graphql"),
        BASE.replace("subject: \"orders.list\"", "subject: \"orders.all\""));

    for (String against : List.of("HEAD:schema.graphql", "HEAD:switchboard.yaml")) {
      Outcome outcome = run(config, against, "text");
      assertEquals(1, outcome.code(), against + ": " + outcome.err());
      assertEquals(
          List.of("BREAKING subject Query.orders: changed orders.list -> orders.all"),
          outcome.lines());
    }
  }

  @Test
  void diff_againstADirectory_readsItsConfig() throws Exception {
    Path old = Files.createDirectory(directory.resolve("v1"));
    Files.writeString(old.resolve("schema.graphql"), BASE);
    Files.writeString(old.resolve("switchboard.yaml"), "schema:\n  files: [\"schema.graphql\"]\n");
    Path config = writeConfig(BASE.replace("subject: \"orders.list\"", "subject: \"orders.all\""));
    Outcome outcome = run(config, old.toString(), "text");
    assertEquals(1, outcome.code(), outcome.err());
    assertEquals(1, outcome.lines().size(), outcome.out());
  }

  @Test
  void diff_unknownRevisionOrFile_exitsOneNamingIt() throws Exception {
    Outcome outcome = run(writeConfig(BASE), "nope:schema.graphql", "text");
    assertEquals(1, outcome.code());
    assertTrue(outcome.err().contains("--against nope:schema.graphql"), outcome.err());
  }

  @Test
  void diff_unknownFormat_exitsTwo() throws Exception {
    Outcome outcome = run(writeConfig(BASE), "old.graphql", "xml");
    assertEquals(2, outcome.code());
    assertTrue(outcome.err().contains("--format needs text or json"), outcome.err());
  }

  @Test
  void main_diffWithoutAgainst_isBadUsage() {
    Outcome outcome = main("diff", "--config", "x.yaml");
    assertEquals(2, outcome.code());
    assertTrue(outcome.err().contains("Missing required option: '--against=OLD'"), outcome.err());
  }

  @Test
  void main_diff_runsTheCommand() throws Exception {
    Path config = writeConfig(BASE);
    Files.writeString(directory.resolve("old.graphql"), BASE);
    Outcome outcome =
        main(
            "diff",
            "--config",
            config.toString(),
            "--against",
            directory.resolve("old.graphql").toString(),
            "--format",
            "json");
    assertEquals(0, outcome.code(), outcome.err());
    assertEquals("[ ]", outcome.out().strip());
  }

  private Outcome diff(String oldSdl, String newSdl, String format) throws IOException {
    Path old = directory.resolve("old.graphql");
    Files.writeString(old, oldSdl);
    return run(writeConfig(newSdl), old.toString(), format);
  }

  private Path writeConfig(String sdl) throws IOException {
    Files.writeString(directory.resolve("schema.graphql"), sdl);
    Path config = directory.resolve("switchboard.yaml");
    Files.writeString(config, "schema:\n  files: [\"schema.graphql\"]\n");
    return config;
  }

  private Outcome run(Path config, String against, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DiffCommand.run(
            config,
            Map.of(),
            against,
            format,
            new PrintStream(out, true),
            new PrintStream(err, true));
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Outcome main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, Map.of(), new PrintStream(out, true), new PrintStream(err, true));
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0, output);
  }
}
