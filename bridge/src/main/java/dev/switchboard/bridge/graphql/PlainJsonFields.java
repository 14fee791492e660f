package dev.switchboard.bridge.graphql;

import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLUnionType;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Per schema: the fields that are plain reads of the parent's JSON ({@link JsonFieldFetcher}: no
 * NATS directive, no guard) and the abstract types resolved by {@code __typename} ({@link
 * TypenameResolver}). Only these may be completed without graphql-java's per-field machinery.
 */
final class PlainJsonFields {
  private final Map<GraphQLObjectType, Set<String>> fieldsByType = new IdentityHashMap<>();
  private final Set<GraphQLNamedType> typenameResolved =
      Collections.newSetFromMap(new IdentityHashMap<>());

  PlainJsonFields(GraphQLSchema schema) {
    GraphQLCodeRegistry code = schema.getCodeRegistry();
    for (GraphQLNamedType type : schema.getAllTypesAsList()) {
      if (type instanceof GraphQLObjectType object && !object.getName().startsWith("__")) {
        Set<String> plain = new HashSet<>();
        for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
          FieldCoordinates coordinates =
              FieldCoordinates.coordinates(object.getName(), field.getName());
          if (code.getDataFetcher(coordinates, field) == JsonFieldFetcher.INSTANCE) {
            plain.add(field.getName());
          }
        }
        fieldsByType.put(object, Set.copyOf(plain));
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
    return fieldsByType.getOrDefault(type, Set.of());
  }

  boolean resolvedByTypename(GraphQLNamedType abstractType) {
    return typenameResolved.contains(abstractType);
  }
}
