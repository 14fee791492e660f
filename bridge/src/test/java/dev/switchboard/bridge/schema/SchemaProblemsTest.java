package dev.switchboard.bridge.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A schema with several problems fails naming each of them, in file order, not only the first. */
class SchemaProblemsTest extends SchemaLoadingTest {
  private List<String> problems(String sdl) throws Exception {
    String path = file("schema.graphql", sdl);
    return assertThrows(
            SchemaException.class, () -> SchemaLoader.load(List.of(path), DEFAULTS, NO_FETCHER))
        .problems();
  }

  @Test
  void load_severalBadDirectives_namesEveryFieldWithItsLine() throws Exception {
    List<String> problems =
        problems(
            """
            interface Node { id: ID! @natsRequest(subject: "nodes") }
            type Query {
              a(id: ID!): String @natsRequest(subject: "a.{{ args.nope }}")
              b: String @natsRequest(subject: "b", batchKey: "id")
              c: PublishResult @natsPublish(subject: "c")
              d: String @natsRequest(subject: "d.>")
              ok: String @natsRequest(subject: "ok")
            }
            """);

    assertEquals(5, problems.size(), String.join("\n", problems));
    assertStartsWith(
        at(1) + "Node.id: @natsRequest belongs on the fields of object types", problems.get(0));
    assertStartsWith(at(3) + "Query.a: subject placeholder {{ args.nope }}", problems.get(1));
    assertStartsWith(at(4) + "Query.b: ", problems.get(2));
    assertStartsWith(at(5) + "Query.c: @natsPublish belongs on Mutation fields", problems.get(3));
    assertStartsWith(at(6) + "Query.d: ", problems.get(4));
  }

  @Test
  void load_aBadDirectiveAndAnUnknownType_namesBoth() throws Exception {
    List<String> problems =
        problems(
            """
            type Query {
              a: String @natsRequest(subject: "a.*")
              b: Missing
            }
            """);

    assertEquals(2, problems.size(), String.join("\n", problems));
    assertStartsWith(at(2) + "Query.a: ", problems.get(0));
    assertContains("'Missing' is not present", problems.get(1));
  }

  @Test
  void load_oneProblem_keepsTheMessageItAlwaysHad() throws Exception {
    String message = failure("type Query { a: String @natsRequest(subject: \"a.*\") }");

    assertStartsWith(at(1) + "Query.a: @natsRequest subject template", message);
    assertEquals(1, message.lines().count(), message);
  }
}
