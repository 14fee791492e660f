package dev.switchboard.bridge.graphql;

import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a list of objects can be completed a whole level at once ({@link BatchedLists}): its
 * items are objects whose selected fields are plain reads plus batched {@code @natsRequest} fields
 * without arguments, and everything under them is plain reads. Then no data loader is left for a
 * deeper level, and graphql-java's completion of the list (the fallback) runs no fetch but the
 * batched fields' own, whose values the loader already holds.
 */
record BatchedListPlan(
    GraphQLObjectType itemType, boolean itemsNonNull, PlainSplit split, List<Batched> batched) {

  /** One batched field of the items. */
  record Batched(
      String resultKey,
      MergedField field,
      GraphQLFieldDefinition definition,
      BatchedRequestFetcher fetcher) {}

  /**
   * @return the plan, or null when graphql-java must complete the list its own way
   */
  static BatchedListPlan of(
      GraphQLList listType,
      MergedField listField,
      JsonTreeCompletion completion,
      PlainJsonFields plain,
      GraphQLSchema schema) {
    GraphQLType item = listType.getWrappedType();
    if (!(GraphQLTypeUtil.unwrapNonNull(item) instanceof GraphQLObjectType itemType)) {
      return null;
    }
    MergedSelectionSet fields = completion.subFields(listField, itemType);
    PlainSplit split = PlainSplit.of(plain.of(itemType), fields);
    if (split.fetched().isEmpty()) {
      return null; // all plain: the objects' own shortcut does it
    }
    GraphQLCodeRegistry code = schema.getCodeRegistry();
    List<Batched> batched = new ArrayList<>(split.fetched().size());
    for (Map.Entry<String, MergedField> selected : split.fetched().getSubFields().entrySet()) {
      MergedField field = selected.getValue();
      GraphQLFieldDefinition definition = itemType.getFieldDefinition(field.getName());
      DataFetcher<?> fetcher =
          definition == null ? null : code.getDataFetcher(itemType, definition);
      if (definition == null
          || !definition.getArguments().isEmpty()
          || !(fetcher instanceof BatchedRequestFetcher batchedFetcher)
          || !onlyPlainUnder(field, definition.getType(), completion, plain, schema)) {
        return null;
      }
      batched.add(new Batched(selected.getKey(), field, definition, batchedFetcher));
    }
    for (MergedField field : split.plain().getSubFields().values()) {
      GraphQLFieldDefinition definition = itemType.getFieldDefinition(field.getName());
      if (definition != null // __typename
          && !onlyPlainUnder(field, definition.getType(), completion, plain, schema)) {
        return null;
      }
    }
    return new BatchedListPlan(itemType, item instanceof GraphQLNonNull, split, batched);
  }

  /** True when every field selected under this one, on every possible type, is a plain read. */
  private static boolean onlyPlainUnder(
      MergedField field,
      GraphQLType type,
      JsonTreeCompletion completion,
      PlainJsonFields plain,
      GraphQLSchema schema) {
    GraphQLNamedType named = GraphQLTypeUtil.unwrapAll(type);
    if (named instanceof GraphQLObjectType object) {
      return onlyPlain(completion.subFields(field, object), object, completion, plain, schema);
    }
    List<GraphQLObjectType> possibleTypes =
        named instanceof GraphQLInterfaceType face
            ? schema.getImplementations(face)
            : named instanceof GraphQLUnionType union
                ? union.getTypes().stream().map(GraphQLObjectType.class::cast).toList()
                : List.of(); // scalars and enums
    for (GraphQLObjectType possible : possibleTypes) {
      if (!onlyPlain(completion.subFields(field, possible), possible, completion, plain, schema)) {
        return false;
      }
    }
    return true;
  }

  private static boolean onlyPlain(
      MergedSelectionSet fields,
      GraphQLObjectType type,
      JsonTreeCompletion completion,
      PlainJsonFields plain,
      GraphQLSchema schema) {
    for (MergedField field : fields.getSubFields().values()) {
      String name = field.getName();
      if (name.equals("__typename")) {
        continue;
      }
      if (!plain.of(type).contains(name)
          || !onlyPlainUnder(
              field, type.getFieldDefinition(name).getType(), completion, plain, schema)) {
        return false;
      }
    }
    return true;
  }
}
