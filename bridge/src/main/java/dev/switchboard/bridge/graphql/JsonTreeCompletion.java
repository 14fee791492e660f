package dev.switchboard.bridge.graphql;

import graphql.GraphQLContext;
import graphql.execution.ExecutionContext;
import graphql.execution.FieldCollector;
import graphql.execution.FieldCollectorParameters;
import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.idl.ScalarInfo;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Completes a reply's JSON sub-tree in one pass, the way graphql-java would complete it field by
 * field, for the case where nothing can go wrong: every selected field is a plain JSON read, every
 * value fits its type and serializes, every abstract type resolves. Anything else (a NATS or
 * guarded field, a mistyped or missing non-null value, a scalar that does not serialize, an
 * unresolvable type) gives up, and graphql-java completes the object its own way, with its errors,
 * paths and null propagation. Plain reads have no side effects, so trying first costs nothing but
 * the walk.
 */
final class JsonTreeCompletion {
  /** Returned when the sub-tree needs graphql-java's own completion. */
  static final Object GIVE_UP = new Object();

  private final PlainJsonFields plain;
  private final FieldCollector collector;
  private final ExecutionContext execution;
  private final GraphQLSchema schema;
  private final GraphQLContext context;
  private final Locale locale;
  private final Map<String, Object> variables;
  private Map<MergedField, Collected> collected;

  private record Collected(GraphQLObjectType type, MergedSelectionSet fields) {}

  JsonTreeCompletion(PlainJsonFields plain, FieldCollector collector, ExecutionContext execution) {
    this.plain = plain;
    this.collector = collector;
    this.execution = execution;
    this.schema = execution.getGraphQLSchema();
    this.context = execution.getGraphQLContext();
    this.locale = execution.getLocale();
    this.variables = execution.getCoercedVariables().toMap();
  }

  /**
   * @return the completed object (field values by response key), or {@link #GIVE_UP}
   */
  Object object(Object source, GraphQLObjectType type, MergedSelectionSet fields) {
    if (!(source instanceof Map<?, ?> json)) {
      return GIVE_UP;
    }
    Map<String, GraphQLOutputType> plainFields = plain.typesOf(type);
    Map<String, Object> completed = new LinkedHashMap<>(fields.size() * 2);
    for (Map.Entry<String, MergedField> selected : fields.getSubFields().entrySet()) {
      MergedField field = selected.getValue();
      String name = field.getName();
      GraphQLOutputType fieldType = plainFields.get(name);
      Object value;
      if (fieldType != null) {
        value = value(json.get(name), fieldType, field);
        if (value == GIVE_UP) {
          return GIVE_UP;
        }
      } else if (name.equals("__typename")) {
        value = type.getName();
      } else {
        return GIVE_UP;
      }
      completed.put(selected.getKey(), value);
    }
    return completed;
  }

  /**
   * @return the value of a field of this type completed from its raw JSON, or {@link #GIVE_UP}
   */
  Object value(Object raw, GraphQLType type, MergedField field) {
    if (type instanceof GraphQLNonNull nonNull) {
      Object value = raw == null ? null : value(raw, nonNull.getWrappedType(), field);
      return value == null ? GIVE_UP : value;
    }
    if (raw == null) {
      return null;
    }
    if (type instanceof GraphQLList list) {
      return list(raw, list.getWrappedType(), field);
    }
    if (type instanceof GraphQLScalarType scalar) {
      return scalar(raw, scalar);
    }
    if (type instanceof GraphQLEnumType enumType) {
      return raw instanceof Map || raw instanceof List ? GIVE_UP : enumValue(raw, enumType);
    }
    GraphQLObjectType objectType = resolve(raw, (GraphQLCompositeType) type);
    return objectType == null ? GIVE_UP : object(raw, objectType, subFields(field, objectType));
  }

  private Object list(Object raw, GraphQLType itemType, MergedField field) {
    if (!(raw instanceof List<?> items)) {
      return GIVE_UP;
    }
    List<Object> completed = new ArrayList<>(items.size());
    for (Object item : items) {
      Object value = value(item, itemType, field);
      if (value == GIVE_UP) {
        return GIVE_UP;
      }
      completed.add(value);
    }
    return completed;
  }

  private Object scalar(Object raw, GraphQLScalarType scalar) {
    if ((raw instanceof Map || raw instanceof List)
        && ScalarInfo.isGraphqlSpecifiedScalar(scalar.getName())) {
      return GIVE_UP;
    }
    try {
      return scalar.getCoercing().serialize(raw, context, locale);
    } catch (RuntimeException notSerializable) {
      return GIVE_UP;
    }
  }

  private Object enumValue(Object raw, GraphQLEnumType enumType) {
    try {
      return enumType.serialize(raw, context, locale);
    } catch (RuntimeException notAValue) {
      return GIVE_UP;
    }
  }

  /** What graphql-java's type resolution would answer, or null where it would not succeed. */
  private GraphQLObjectType resolve(Object raw, GraphQLCompositeType type) {
    if (!(raw instanceof Map<?, ?> json)) {
      return null;
    }
    if (type instanceof GraphQLObjectType objectType) {
      return objectType;
    }
    if (!plain.resolvedByTypename((GraphQLNamedType) type)
        || !(json.get("__typename") instanceof String name)) {
      return null;
    }
    GraphQLObjectType resolved = schema.getObjectType(name);
    return resolved != null && schema.isPossibleType((GraphQLNamedType) type, resolved)
        ? resolved
        : null;
  }

  /** The items of a list share their field: its selection is collected once per type. */
  MergedSelectionSet subFields(MergedField field, GraphQLObjectType type) {
    if (collected == null) {
      collected = new IdentityHashMap<>();
    }
    Collected last = collected.get(field);
    if (last == null || last.type() != type) {
      last = new Collected(type, collect(field, type));
      collected.put(field, last);
    }
    return last.fields();
  }

  private MergedSelectionSet collect(MergedField field, GraphQLObjectType type) {
    FieldCollectorParameters parameters =
        FieldCollectorParameters.newParameters()
            .schema(schema)
            .objectType(type)
            .fragments(execution.getFragmentsByName())
            .variables(variables)
            .graphQLContext(context)
            .build();
    return collector.collectFields(parameters, field, execution.hasIncrementalSupport());
  }
}
