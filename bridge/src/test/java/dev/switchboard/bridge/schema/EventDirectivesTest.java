package dev.switchboard.bridge.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeUtil;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code @natsPublish} and {@code @natsSubscribe} as the schema loader reads and refuses them. */
class EventDirectivesTest extends SchemaLoadingTest {
  /** Every schema needs a query type; the event fields under test sit on the lines after it. */
  private static final String QUERY = "type Query { version: String }\n";

  // --- @natsPublish: valid ---------------------------------------------------------------------

  @Test
  void load_corePublish_usesDefaultsAndAllArgumentsAsBody() throws Exception {
    LoadedSchema schema =
        load(
            QUERY
                + """
        type Mutation { trackClick(page: String!): PublishResult @natsPublish(subject: "clicks.{{ claims.tenant }}") }
        """);

    PublishBinding click = schema.bindings().publishes().get(0);
    assertEquals("Mutation.trackClick", click.coordinate());
    assertEquals("clicks.{{ claims.tenant }}", click.subject().source());
    assertFalse(click.stream());
    assertNull(click.bodyArgument(), "no body: all arguments as one object");
    assertNull(click.idempotencyArgument(), "no key argument: the Idempotency-Key header");
    assertEquals(Duration.ofSeconds(5), click.policy().timeout());
    assertEquals(2, click.policy().retries());
    assertEquals(at(2).substring(0, at(2).length() - 2), click.location());
  }

  @Test
  void load_streamPublish_readsEveryArgument() throws Exception {
    LoadedSchema schema =
        load(
            QUERY
                + """
        input OrderEventInput { orderId: ID!, status: String }
        type Mutation {
          recordOrderEvent(input: OrderEventInput!, key: String): PublishResult
            @natsPublish(subject: "orders.events.{{ args.input.orderId }}", stream: true, timeout: "1500ms",
                         retries: 4, body: "input", idempotencyKey: "key")
        }
        """);

    PublishBinding record = schema.bindings().publishes().get(0);
    assertTrue(record.stream());
    assertEquals("input", record.bodyArgument());
    assertEquals("key", record.idempotencyArgument());
    assertEquals(Duration.ofMillis(1500), record.policy().timeout());
    assertEquals(4, record.policy().retries());
  }

  @Test
  void load_publishResultNotDeclared_isAddedWithItsFields() throws Exception {
    LoadedSchema schema =
        load(
            QUERY
                + """
        type Mutation { ping: PublishResult @natsPublish(subject: "pings") }
        """);

    GraphQLObjectType result = (GraphQLObjectType) schema.schema().getType("PublishResult");
    assertEquals(
        List.of("ok", "stream", "sequence", "duplicate"),
        result.getFieldDefinitions().stream().map(GraphQLFieldDefinition::getName).toList());
    assertEquals(
        "Boolean!", GraphQLTypeUtil.simplePrint(result.getFieldDefinition("ok").getType()));
    assertEquals(
        "String",
        GraphQLTypeUtil.simplePrint(result.getFieldDefinition("sequence").getType()),
        "sequences can exceed Int");
    assertContains("type PublishResult", schema.clientSdl());
    assertFalse(schema.clientSdl().contains("natsPublish"), schema.clientSdl());
  }

  @Test
  void load_publishResultDeclared_keepsTheAuthorsType() throws Exception {
    LoadedSchema schema =
        load(
            QUERY
                + """
        "Our own wording"
        type PublishResult { ok: Boolean!, sequence: String }
        type Mutation { ping: PublishResult @natsPublish(subject: "pings") }
        """);

    GraphQLObjectType result = (GraphQLObjectType) schema.schema().getType("PublishResult");
    assertEquals("Our own wording", result.getDescription());
    assertEquals(2, result.getFieldDefinitions().size());
  }

  @Test
  void load_noPublishField_addsNoPublishResult() throws Exception {
    assertNull(load(QUERY).schema().getType("PublishResult"));
  }

  // --- @natsPublish: refused -------------------------------------------------------------------

  @Test
  void load_publishNotReturningPublishResult_isRefused() throws Exception {
    String message =
        failure(QUERY + "type Mutation { ping: Boolean @natsPublish(subject: \"pings\") }");
    assertStartsWith(
        at(2) + "Mutation.ping: @natsPublish fields return PublishResult, not Boolean", message);
  }

  @Test
  void load_publishReturningAListOfPublishResults_isRefused() throws Exception {
    String message =
        failure(QUERY + "type Mutation { ping: [PublishResult] @natsPublish(subject: \"pings\") }");
    assertStartsWith(
        at(2) + "Mutation.ping: @natsPublish fields return PublishResult, not [PublishResult]",
        message);
  }

  @Test
  void load_publishReturningNonNullPublishResult_isAccepted() throws Exception {
    LoadedSchema schema =
        load(QUERY + "type Mutation { ping: PublishResult! @natsPublish(subject: \"pings\") }");

    assertEquals("Mutation.ping", schema.bindings().publishes().get(0).coordinate());
  }

  @Test
  void load_streamSubscribeWithSeveralSubjects_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + """
        type Subscription { history: String @natsSubscribe(subjects: ["orders.a", "orders.b"], stream: true) }
        """);
    assertStartsWith(
        at(2)
            + "Subscription.history: @natsSubscribe(stream: true) takes exactly one subject, not 2",
        message);
  }

  @Test
  void load_publishOnQuery_isRefused() throws Exception {
    String message = failure("type Query { ping: PublishResult @natsPublish(subject: \"pings\") }");

    assertStartsWith(at(1) + "Query.ping: @natsPublish belongs on Mutation fields", message);
  }

  @Test
  void load_publishOnNestedObject_isRefused() throws Exception {
    String message =
        failure(QUERY + "type Order { ping: PublishResult @natsPublish(subject: \"pings\") }\n");

    assertStartsWith(at(2) + "Order.ping: @natsPublish belongs on Mutation fields", message);
  }

  @Test
  void load_publishWithWildcardSubject_isRefused() throws Exception {
    String message =
        failure(
            QUERY + "type Mutation { ping: PublishResult @natsPublish(subject: \"pings.*\") }\n");

    assertStartsWith(
        at(2) + "Mutation.ping: @natsPublish subject template \"pings.*\": wildcard '*' in token 2",
        message);
  }

  @Test
  void load_publishWithWildcardGluedToPlaceholder_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + "type Mutation { ping(id: ID!): PublishResult @natsPublish(subject: \"pings.{{ args.id }}>\") }\n");

    assertStartsWith(at(2) + "Mutation.ping: @natsPublish ", message);
    assertContains("token 2 contains the wildcard '>' (wildcards must be whole tokens)", message);
  }

  @Test
  void load_publishBodyNamingNoArgument_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + """
        type Mutation { ping(page: String): PublishResult @natsPublish(subject: "pings", body: "payload") }
        """);

    assertStartsWith(
        at(2)
            + "Mutation.ping: @natsPublish names the argument 'payload', which the field does not have",
        message);
  }

  @Test
  void load_publishIdempotencyKeyNamingNoArgument_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + """
        type Mutation { ping(page: String): PublishResult @natsPublish(subject: "pings", stream: true, idempotencyKey: "id") }
        """);

    assertStartsWith(
        at(2)
            + "Mutation.ping: @natsPublish names the argument 'id', which the field does not have",
        message);
  }

  @Test
  void load_publishPlaceholderNamingNoArgument_listsTheArguments() throws Exception {
    String message =
        failure(
            QUERY
                + """
        type Mutation { ping(page: String): PublishResult @natsPublish(subject: "pings.{{ args.id }}") }
        """);

    assertStartsWith(
        at(2)
            + "Mutation.ping: subject placeholder {{ args.id }} names no argument of ping (it has: page)",
        message);
  }

  @Test
  void load_publishBadTemplate_namesTheReason() throws Exception {
    assertContains(
        "Mutation.ping: @natsPublish subject template \"pings..all\": token 2 is empty",
        failure(
            QUERY
                + "type Mutation { ping: PublishResult @natsPublish(subject: \"pings..all\") }\n"));
    assertContains(
        "Mutation.ping: @natsPublish subject template \"pings.{{ args.id\": '{{' at position 6 is never closed",
        failure(
            QUERY
                + "type Mutation { ping(id: ID): PublishResult @natsPublish(subject: \"pings.{{ args.id\") }\n"));
    assertContains(
        "Mutation.ping: @natsPublish subject template \"\": the subject is empty",
        failure(QUERY + "type Mutation { ping: PublishResult @natsPublish(subject: \"\") }\n"));
  }

  @Test
  void load_publishArgumentsOutOfRangeOrOfWrongType_areRefused() throws Exception {
    assertStartsWith(
        at(2) + "Mutation.ping: @natsPublish retries must be between 0 and 10",
        failure(
            QUERY
                + "type Mutation { ping: PublishResult @natsPublish(subject: \"pings\", retries: 11) }\n"));
    assertStartsWith(
        at(2) + "Mutation.ping: @natsPublish timeout must be positive",
        failure(
            QUERY
                + "type Mutation { ping: PublishResult @natsPublish(subject: \"pings\", timeout: \"0s\") }\n"));
    assertStartsWith(
        at(2) + "Mutation.ping: @natsPublish stream must be true or false",
        failure(
            QUERY
                + "type Mutation { ping: PublishResult @natsPublish(subject: \"pings\", stream: \"yes\") }\n"));
    assertStartsWith(
        at(2) + "Mutation.ping: @natsPublish needs a subject",
        failure(QUERY + "type Mutation { ping: PublishResult @natsPublish(stream: true) }\n"));
  }

  @Test
  void load_publishAndRequestOnOneField_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + "type Mutation { ping: PublishResult @natsPublish(subject: \"a\") @natsRequest(subject: \"b\") }\n");

    assertStartsWith(at(2) + "Mutation.ping: a field takes one NATS directive", message);
  }

  // --- @natsSubscribe: valid -------------------------------------------------------------------

  @Test
  void load_subscribe_readsSubjectsWithStaticWildcardsAndFilters() throws Exception {
    LoadedSchema schema =
        load(
            QUERY
                + """
        type OrderEvent { orderId: ID, status: String }
        type Subscription {
          orderEvents(orderId: ID!, status: String, customerId: ID): OrderEvent
            @natsSubscribe(subjects: ["orders.{{ claims.tenant }}.events.{{ args.orderId }}", "orders.*.audit.>"],
                           filter: ["status == args.status", "customer.id == args.customerId"])
        }
        """);

    SubscribeBinding events = schema.bindings().subscribes().get(0);
    assertEquals("Subscription.orderEvents", events.coordinate());
    assertEquals(
        List.of("orders.{{ claims.tenant }}.events.{{ args.orderId }}", "orders.*.audit.>"),
        events.subjects().stream().map(t -> t.source()).toList());
    assertFalse(events.stream());
    assertEquals(
        List.of(
            new EventFilter(List.of("status"), "status"),
            new EventFilter(List.of("customer", "id"), "customerId")),
        events.filters());
    assertFalse(schema.clientSdl().contains("natsSubscribe"), schema.clientSdl());
  }

  @Test
  void load_subscribeWithOneSubjectAsAString_isAList() throws Exception {
    // GraphQL input coercion: a single value stands for a one-item list.
    LoadedSchema schema =
        load(QUERY + "type Subscription { clicks: String @natsSubscribe(subjects: \"clicks\") }\n");

    assertEquals(
        List.of("clicks"),
        schema.bindings().subscribes().get(0).subjects().stream().map(t -> t.source()).toList());
  }

  @Test
  void load_streamSubscribe_acceptsTheReplayArguments() throws Exception {
    LoadedSchema schema =
        load(
            QUERY
                + """
        type Subscription {
          orderHistory(orderId: ID!, fromSequence: Int, since: String): String
            @natsSubscribe(subjects: ["orders.events.{{ args.orderId }}"], stream: true)
        }
        """);

    SubscribeBinding history = schema.bindings().subscribes().get(0);
    assertTrue(history.stream());
    assertEquals(List.of(), history.filters());
  }

  // --- @natsSubscribe: refused -----------------------------------------------------------------

  @Test
  void load_subscribeOutsideSubscription_isRefused() throws Exception {
    assertStartsWith(
        at(1) + "Query.clicks: @natsSubscribe belongs on Subscription fields",
        failure("type Query { clicks: String @natsSubscribe(subjects: [\"clicks\"]) }"));
    assertStartsWith(
        at(2) + "Mutation.clicks: @natsSubscribe belongs on Subscription fields",
        failure(
            QUERY + "type Mutation { clicks: String @natsSubscribe(subjects: [\"clicks\"]) }\n"));
  }

  @Test
  void load_subscribeOnInterfaceField_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + """
        interface Feed { items: String @natsSubscribe(subjects: ["feed"]) }
        type News implements Feed { items: String }
        """);

    assertStartsWith(
        at(2) + "Feed.items: @natsSubscribe belongs on the fields of object types, not interfaces",
        message);
  }

  @Test
  void load_subscribeWithoutSubjects_isRefused() throws Exception {
    assertStartsWith(
        at(2) + "Subscription.clicks: @natsSubscribe needs at least one subject",
        failure(QUERY + "type Subscription { clicks: String @natsSubscribe(subjects: []) }\n"));
  }

  @Test
  void load_subscribeWithGreaterThanNotLast_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + "type Subscription { clicks: String @natsSubscribe(subjects: [\"clicks.>.all\"]) }\n");

    assertStartsWith(
        at(2)
            + "Subscription.clicks: @natsSubscribe subject template \"clicks.>.all\": '>' must be the last token",
        message);
  }

  @Test
  void load_subscribeWithWildcardGluedToPlaceholder_isRefused() throws Exception {
    // A placeholder must stay one token: it can never be turned into a wildcard by what surrounds
    // it.
    String message =
        failure(
            QUERY
                + "type Subscription { clicks(page: String!): String @natsSubscribe(subjects: [\"clicks.{{ args.page }}*\"]) }\n");

    assertStartsWith(at(2) + "Subscription.clicks: @natsSubscribe ", message);
    assertContains("token 2 contains the wildcard '*' (wildcards must be whole tokens)", message);
  }

  @Test
  void load_subscribePlaceholderNamingNoArgument_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + "type Subscription { clicks(page: String!): String @natsSubscribe(subjects: [\"ok\", \"clicks.{{ args.id }}\"]) }\n");

    assertStartsWith(
        at(2)
            + "Subscription.clicks: subject placeholder {{ args.id }} names no argument of clicks (it has: page)",
        message);
  }

  @Test
  void load_subscribeParentPlaceholder_isRefused() throws Exception {
    assertContains(
        "Subscription.clicks: subject placeholder {{ parent.id }} has no parent on a root type",
        failure(
            QUERY
                + "type Subscription { clicks: String @natsSubscribe(subjects: [\"clicks.{{ parent.id }}\"]) }\n"));
  }

  @Test
  void load_filterNamingNoArgument_isRefused() throws Exception {
    String message =
        failure(
            QUERY
                + """
        type Subscription {
          orderEvents(status: String): String @natsSubscribe(subjects: ["orders"], filter: ["status == args.state"])
        }
        """);

    assertStartsWith(
        at(3)
            + "Subscription.orderEvents: @natsSubscribe filter 'status == args.state' names no argument of the field",
        message);
  }

  @Test
  void load_filterWithBadSyntax_isRefusedWithTheParseReason() throws Exception {
    assertStartsWith(
        at(2)
            + "Subscription.e: @natsSubscribe filter 'status = args.status' must read 'path == args.name'",
        failure(
            QUERY
                + "type Subscription { e(status: String): String "
                + "@natsSubscribe(subjects: [\"e\"], filter: [\"status = args.status\"]) }\n"));
    assertStartsWith(
        at(2)
            + "Subscription.e: @natsSubscribe filter 'status == args.input.status': the right side must be args.<argument>",
        failure(
            QUERY
                + "type Subscription { e(status: String): String "
                + "@natsSubscribe(subjects: [\"e\"], filter: [\"status == args.input.status\"]) }\n"));
  }

  @Test
  void load_replayArgumentsWithoutStream_areRefused() throws Exception {
    String message =
        failure(
            QUERY
                + """
        type Subscription { history(fromSequence: Int): String @natsSubscribe(subjects: ["orders"]) }
        """);

    assertStartsWith(
        at(2)
            + "Subscription.history: the replay arguments fromSequence and since need @natsSubscribe(stream: true)",
        message);
  }

  @Test
  void load_subscribeArgumentsOfWrongType_areRefused() throws Exception {
    assertStartsWith(
        at(2) + "Subscription.e: @natsSubscribe subjects must be a list of strings",
        failure(QUERY + "type Subscription { e: String @natsSubscribe(subjects: [1]) }\n"));
    assertStartsWith(
        at(2) + "Subscription.e: @natsSubscribe filter must be a list of strings",
        failure(
            QUERY
                + "type Subscription { e(s: String): String @natsSubscribe(subjects: [\"e\"], filter: true) }\n"));
  }
}
