package dev.switchboard.bridge.graphql;

import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLUnionType;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Per schema: the fields that are plain reads of the parent's JSON ({@link JsonFieldFetcher}: no
 * NATS directive, no guard) and the abstract types resolved by {@code __typename} ({@link
 * TypenameResolver}). Only these may be completed without graphql-java's per-field machinery.
 */
final class PlainJsonFields {
  private final Map<GraphQLObjectType, Map<String, GraphQLOutputType>> fieldsByType =
      new IdentityHashMap<>();
  private final Set<GraphQLNamedType> typenameResolved =
      Collections.newSetFromMap(new IdentityHashMap<>());

  PlainJsonFields(GraphQLSchema schema) {
    GraphQLCodeRegistry code = schema.getCodeRegistry();
    for (GraphQLNamedType type : schema.getAllTypesAsList()) {
      if (type instanceof GraphQLObjectType object && !object.getName().startsWith("__")) {
        Map<String, GraphQLOutputType> plain = new HashMap<>();
        for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
          FieldCoordinates coordinates =
              FieldCoordinates.coordinates(object.getName(), field.getName());
          if (code.getDataFetcher(coordinates, field) == JsonFieldFetcher.INSTANCE) {
            plain.put(field.getName(), field.getType());
          }
        }
        fieldsByType.put(object, Map.copyOf(plain));
      } else if (type instanceof GraphQLInterfaceType abstractType
          && code.getTypeResolver(abstractType) == TypenameResolver.INSTANCE) {
        typenameResolved.add(abstractType);
      } else if (type instanceof GraphQLUnionType abstractType
          && code.getTypeResolver(abstractType) == TypenameResolver.INSTANCE) {
        typenameResolved.add(abstractType);
      }
    }
  }

  /**
   * @return the names of the type's plain fields (empty for types of no interest)
   */
  Set<String> of(GraphQLObjectType type) {
    return typesOf(type).keySet();
  }

  /**
   * @return the type's plain fields with their types, by name: one lookup where completion would
   *     otherwise ask the set and then the type's field definition
   */
  Map<String, GraphQLOutputType> typesOf(GraphQLObjectType type) {
    return fieldsByType.getOrDefault(type, Map.of());
  }

  boolean resolvedByTypename(GraphQLNamedType abstractType) {
    return typenameResolved.contains(abstractType);
  }
}
