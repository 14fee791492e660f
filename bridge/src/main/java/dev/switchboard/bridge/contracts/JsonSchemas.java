package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLUnionType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * GraphQL types as JSON Schema (draft 07, which AsyncAPI schemas extend), as the JSON on NATS has
 * them: named types become {@code #/components/schemas/Name} (so recursive types stay finite),
 * nullable types also allow {@code null}, lists are arrays, enums are strings with {@code enum},
 * interfaces and unions are a {@code oneOf} of their object types told apart by {@code __typename}
 * (the bridge resolves them by it). An object's fields that another NATS call resolves are not part
 * of its JSON, so they are left out. Not thread-safe: one instance per document.
 */
public final class JsonSchemas {
  static final String REF_PREFIX = "#/components/schemas/";
  static final String TYPENAME = "__typename";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final GraphQLSchema schema;
  private final Set<String> natsBacked;
  private final Map<String, ObjectNode> components = new TreeMap<>();

  /**
   * @param natsBacked the coordinates ({@code Type.field}) of fields resolved by their own NATS
   *     call
   */
  public JsonSchemas(GraphQLSchema schema, Set<String> natsBacked) {
    this.schema = schema;
    this.natsBacked = Set.copyOf(natsBacked);
  }

  /** The named types referenced so far, by name. */
  public Map<String, ObjectNode> components() {
    return components;
  }

  /** Which way a value travels: the bridge writes arguments, and reads replies and events. */
  enum Side {
    INPUT,
    OUTPUT
  }

  /** The JSON a field of this type holds (a reply or an event). */
  public ObjectNode of(GraphQLType type) {
    return schema(type, Side.OUTPUT);
  }

  /** The JSON of an argument of this type, as the bridge sends it. */
  public ObjectNode input(GraphQLType type) {
    return schema(type, Side.INPUT);
  }

  private ObjectNode schema(GraphQLType type, Side side) {
    if (type instanceof GraphQLNonNull nonNull) {
      return nonNull(nonNull.getWrappedType(), side);
    }
    return nullable(nonNull(type, side));
  }

  /** The arguments as the bridge sends them: one JSON object, by argument name. */
  public ObjectNode arguments(List<GraphQLArgument> arguments) {
    ObjectNode object = object();
    ObjectNode properties = object.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (GraphQLArgument argument : arguments) {
      properties.set(
          argument.getName(), described(input(argument.getType()), argument.getDescription()));
      if (argument.getType() instanceof GraphQLNonNull || argument.hasSetDefaultValue()) {
        required.add(argument.getName());
      }
    }
    if (!required.isEmpty()) {
      object.set("required", required);
    }
    return object;
  }

  private ObjectNode nonNull(GraphQLType type, Side side) {
    if (type instanceof GraphQLList list) {
      ObjectNode array = NODES.objectNode().put("type", "array");
      array.set("items", schema(list.getWrappedType(), side));
      return array;
    }
    if (type instanceof GraphQLScalarType scalar && ScalarSchemas.builtIn(scalar, side) != null) {
      return ScalarSchemas.builtIn(scalar, side);
    }
    GraphQLNamedType named = (GraphQLNamedType) type;
    if (!components.containsKey(named.getName())) {
      components.put(named.getName(), NODES.objectNode()); // placeholder: recursion stops here
      components.put(named.getName(), described(define(named), named.getDescription()));
    }
    return ref(named.getName());
  }

  private ObjectNode define(GraphQLNamedType type) {
    if (type instanceof GraphQLEnumType enumType) {
      ArrayNode values = NODES.arrayNode();
      enumType.getValues().stream().map(GraphQLEnumValueDefinition::getName).forEach(values::add);
      ObjectNode schema = NODES.objectNode().put("type", "string");
      schema.set("enum", values);
      return schema;
    }
    if (type instanceof GraphQLInputObjectType input) {
      return inputObject(input);
    }
    if (type instanceof GraphQLObjectType object) {
      return outputObject(object);
    }
    if (type instanceof GraphQLInterfaceType anInterface) {
      return oneOf(schema.getImplementations(anInterface));
    }
    if (type instanceof GraphQLUnionType union) {
      return oneOf(union.getTypes().stream().map(GraphQLObjectType.class::cast).toList());
    }
    // a custom scalar carries any JSON through (see PassthroughScalar)
    return NODES.objectNode().put("$comment", "custom scalar " + type.getName() + ": any JSON");
  }

  private ObjectNode outputObject(GraphQLObjectType type) {
    ObjectNode object = object();
    ObjectNode properties = object.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (GraphQLFieldDefinition field : type.getFieldDefinitions()) {
      if (natsBacked.contains(type.getName() + "." + field.getName())) {
        continue;
      }
      properties.set(field.getName(), described(of(field.getType()), field.getDescription()));
      if (field.getType() instanceof GraphQLNonNull) {
        required.add(field.getName());
      }
    }
    if (!required.isEmpty()) {
      object.set("required", required);
    }
    return object;
  }

  private ObjectNode inputObject(GraphQLInputObjectType type) {
    ObjectNode object = object();
    ObjectNode properties = object.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (GraphQLInputObjectField field : type.getFieldDefinitions()) {
      properties.set(field.getName(), described(input(field.getType()), field.getDescription()));
      if (field.getType() instanceof GraphQLNonNull || field.hasSetDefaultValue()) {
        required.add(field.getName());
      }
    }
    if (!required.isEmpty()) {
      object.set("required", required);
    }
    return object;
  }

  /** One of the object types, named by {@code __typename}. */
  private ObjectNode oneOf(List<GraphQLObjectType> members) {
    ArrayNode choices = NODES.arrayNode();
    for (GraphQLObjectType member : members) {
      ObjectNode tag = object();
      tag.putObject("properties").putObject(TYPENAME).put("const", member.getName());
      tag.putArray("required").add(TYPENAME);
      choices.addObject().putArray("allOf").add(nonNull(member, Side.OUTPUT)).add(tag);
    }
    ObjectNode schema = NODES.objectNode();
    schema.set("oneOf", choices);
    return schema;
  }

  static ObjectNode nullable(ObjectNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual() && !schema.has("enum")) {
      ObjectNode copy = schema.deepCopy();
      copy.putArray("type").add(type.asText()).add("null");
      return copy;
    }
    if (type != null && type.isArray() && !schema.has("enum")) {
      ObjectNode copy = schema.deepCopy();
      ((ArrayNode) copy.get("type")).add("null");
      return copy;
    }
    ObjectNode either = NODES.objectNode();
    either.putArray("anyOf").add(schema).add(NODES.objectNode().put("type", "null"));
    return either;
  }

  static ObjectNode ref(String name) {
    return NODES.objectNode().put("$ref", REF_PREFIX + name);
  }

  static ObjectNode object() {
    return NODES.objectNode().put("type", "object");
  }

  private static ObjectNode described(ObjectNode schema, String description) {
    if (description == null || description.isBlank()) {
      return schema;
    }
    if (schema.has("$ref")) {
      // draft 07 ignores siblings of $ref
      ObjectNode wrapped = NODES.objectNode().put("description", description);
      wrapped.putArray("allOf").add(schema);
      return wrapped;
    }
    ObjectNode copy = schema.deepCopy();
    copy.put("description", description);
    return copy;
  }
}
