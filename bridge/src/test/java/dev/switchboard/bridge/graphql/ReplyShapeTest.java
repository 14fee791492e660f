package dev.switchboard.bridge.graphql;

import static graphql.Scalars.GraphQLID;
import static graphql.Scalars.GraphQLInt;
import static graphql.Scalars.GraphQLString;
import static graphql.schema.GraphQLList.list;
import static graphql.schema.GraphQLNonNull.nonNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyShapeTest {
  private static final GraphQLObjectType ORDER =
      GraphQLObjectType.newObject()
          .name("Order")
          .field(GraphQLFieldDefinition.newFieldDefinition().name("id").type(GraphQLID))
          .build();
  private static final GraphQLInterfaceType NODE =
      GraphQLInterfaceType.newInterface()
          .name("Node")
          .field(GraphQLFieldDefinition.newFieldDefinition().name("id").type(GraphQLID))
          .build();
  private static final GraphQLEnumType STATUS =
      GraphQLEnumType.newEnum().name("Status").value("OPEN").build();
  private static final GraphQLScalarType JSON = PassthroughScalar.named("JSON", null);
  private static final Map<String, Object> AN_ORDER = Map.of("id", "1");

  @Test
  void mismatch_objectForObjectType_fits() {
    assertNull(ReplyShape.mismatch(AN_ORDER, ORDER));
    assertNull(ReplyShape.mismatch(AN_ORDER, nonNull(ORDER)));
    assertNull(ReplyShape.mismatch(AN_ORDER, NODE), "interfaces are objects too");
  }

  @Test
  void mismatch_otherValuesForObjectType_nameTheTypeAndWhatCame() {
    assertEquals(
        "expected a JSON object for Order, got an array",
        ReplyShape.mismatch(List.of(AN_ORDER), ORDER));
    assertEquals("expected a JSON object for Order, got a string", ReplyShape.mismatch("1", ORDER));
    assertEquals(
        "expected a JSON object for Order, got a number", ReplyShape.mismatch(1, nonNull(ORDER)));
    assertEquals("expected a JSON object for Node, got a boolean", ReplyShape.mismatch(true, NODE));
  }

  @Test
  void mismatch_arrayForList_checksEveryItem() {
    assertNull(ReplyShape.mismatch(List.of(AN_ORDER, AN_ORDER), list(ORDER)));
    assertNull(ReplyShape.mismatch(List.of(), nonNull(list(nonNull(ORDER)))));
    assertEquals(
        "item 1: expected a JSON object for Order, got a number",
        ReplyShape.mismatch(List.of(AN_ORDER, 7), list(ORDER)));
  }

  @Test
  void mismatch_nonArrayForList_namesTheListType() {
    assertEquals(
        "expected a JSON array for [Order], got an object",
        ReplyShape.mismatch(AN_ORDER, list(ORDER)));
    assertEquals(
        "expected a JSON array for [String!], got a string",
        ReplyShape.mismatch("a", nonNull(list(nonNull(GraphQLString)))));
  }

  @Test
  void mismatch_nullWhereNonNull_namesTheType() {
    assertEquals("null for a non-null Order", ReplyShape.mismatch(null, nonNull(ORDER)));
    assertEquals(
        "null for a non-null [Order!]", ReplyShape.mismatch(null, nonNull(list(nonNull(ORDER)))));
    assertEquals(
        "item 2: null for a non-null String",
        ReplyShape.mismatch(Arrays.asList("a", "b", null), list(nonNull(GraphQLString))));
  }

  @Test
  void mismatch_nullWhereNullable_fits() {
    assertNull(ReplyShape.mismatch(null, ORDER));
    assertNull(ReplyShape.mismatch(null, list(ORDER)));
    assertNull(ReplyShape.mismatch(Arrays.asList(AN_ORDER, null), list(ORDER)));
  }

  @Test
  void mismatch_structureForScalarOrEnum_asksForASingleValue() {
    assertEquals(
        "expected a single value for String, got an object",
        ReplyShape.mismatch(AN_ORDER, GraphQLString));
    assertEquals(
        "expected a single value for Int, got an array",
        ReplyShape.mismatch(List.of(1), nonNull(GraphQLInt)));
    assertEquals(
        "expected a single value for Status, got an object", ReplyShape.mismatch(AN_ORDER, STATUS));
  }

  @Test
  void mismatch_scalarContents_areLeftToGraphqlCoercion() {
    assertNull(ReplyShape.mismatch("abc", GraphQLInt));
    assertNull(ReplyShape.mismatch(5, GraphQLString));
    assertNull(ReplyShape.mismatch("CLOSED", STATUS));
  }

  @Test
  void mismatch_singleValueForCustomScalar_fits() {
    assertNull(ReplyShape.mismatch("2024-05-01T10:00:00Z", JSON));
    assertNull(ReplyShape.mismatch(42, nonNull(JSON)));
  }

  @Test
  void mismatch_objectOrArrayForCustomScalar_fitsBecauseCustomScalarsPassJsonThrough() {
    assertNull(ReplyShape.mismatch(Map.of("a", 1), JSON));
    assertNull(ReplyShape.mismatch(List.of(1, 2), nonNull(JSON)));
  }

  @Test
  void kind_namesEveryJsonKind() {
    assertEquals("an object", ReplyShape.kind(Map.of()));
    assertEquals("an array", ReplyShape.kind(List.of()));
    assertEquals("a string", ReplyShape.kind(""));
    assertEquals("a number", ReplyShape.kind(1.5));
    assertEquals("a boolean", ReplyShape.kind(false));
    assertEquals("null", ReplyShape.kind(null));
  }
}
