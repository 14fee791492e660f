package dev.switchboard.bridge.limits;

import dev.switchboard.bridge.schema.ListSizeDirective;
import dev.switchboard.bridge.schema.LoadedSchema;
import dev.switchboard.bridge.schema.RequestBinding;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Measures the operations of a validated document (see {@link OperationMeasure}). Each fragment is
 * measured once and its measure reused wherever it is spread, so nested spreads that expand to
 * millions of fields cost no more to measure than to parse; the counts saturate instead of
 * overflowing. A batched field ({@code batchKey}) is one call wherever it stands, not one per
 * parent: its parents share a request per execution level. {@code @skip} and {@code @include} are
 * ignored: the measure is the most the operation can ask for, whatever its variables.
 */
public final class DocumentMeasurer {
  private static final Set<String> INTROSPECTION = Set.of("__schema", "__type");
  private final GraphQLSchema schema;
  private final Set<String> natsFields;
  private final Set<String> batchedFields;
  private final int defaultListSize;

  /**
   * @param defaultListSize the size of a list field without an {@code @listSize} hint
   */
  public DocumentMeasurer(LoadedSchema loaded, int defaultListSize) {
    this.schema = loaded.schema();
    this.natsFields = loaded.bindings().coordinates();
    this.batchedFields =
        loaded.bindings().requests().stream()
            .filter(RequestBinding::batched)
            .map(RequestBinding::coordinate)
            .collect(Collectors.toUnmodifiableSet());
    this.defaultListSize = defaultListSize;
  }

  /** Each operation's measure, by name ({@code ""} for the anonymous one). */
  public Map<String, OperationMeasure> measure(Document document) {
    Walk walk = new Walk(document);
    Map<String, OperationMeasure> operations = new HashMap<>();
    for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
      GraphQLObjectType root = rootType(operation.getOperation());
      if (root == null) {
        continue; // validation refused it already
      }
      Tally tally = walk.selections(operation.getSelectionSet(), root);
      operations.put(
          operation.getName() == null ? "" : operation.getName(),
          new OperationMeasure(
              tally.depth,
              tally.aliases,
              tally.width,
              tally.fields,
              Tally.plus(tally.natsCalls, tally.batchedCalls),
              tally.introspection));
    }
    return operations;
  }

  private GraphQLObjectType rootType(OperationDefinition.Operation kind) {
    return switch (kind) {
      case QUERY -> schema.getQueryType();
      case MUTATION -> schema.getMutationType();
      case SUBSCRIPTION -> schema.getSubscriptionType();
    };
  }

  /** One document's fragments and the measures of those already walked. */
  private final class Walk {
    private final Map<String, FragmentDefinition> fragments = new HashMap<>();
    private final Map<String, Tally> measured = new HashMap<>();

    Walk(Document document) {
      document
          .getDefinitionsOfType(FragmentDefinition.class)
          .forEach(fragment -> fragments.put(fragment.getName(), fragment));
    }

    Tally selections(SelectionSet set, GraphQLCompositeType parent) {
      Tally total = Tally.NOTHING;
      for (Selection<?> selection : set.getSelections()) {
        total = total.and(selection(selection, parent));
      }
      return total;
    }

    private Tally selection(Selection<?> selection, GraphQLCompositeType parent) {
      if (selection instanceof Field field) {
        return field(field, parent);
      }
      if (selection instanceof InlineFragment inline) {
        GraphQLCompositeType on =
            inline.getTypeCondition() == null
                ? parent
                : (GraphQLCompositeType) schema.getType(inline.getTypeCondition().getName());
        return selections(inline.getSelectionSet(), on);
      }
      return spread((FragmentSpread) selection);
    }

    /** Fragments are measured once: validation has ruled out cycles, so recursion ends. */
    private Tally spread(FragmentSpread spread) {
      Tally known = measured.get(spread.getName());
      if (known == null) {
        FragmentDefinition fragment = fragments.get(spread.getName());
        GraphQLCompositeType on =
            (GraphQLCompositeType) schema.getType(fragment.getTypeCondition().getName());
        known = selections(fragment.getSelectionSet(), on);
        measured.put(spread.getName(), known);
      }
      return known;
    }

    private Tally field(Field field, GraphQLCompositeType parent) {
      long alias = field.getAlias() != null ? 1 : 0;
      if (INTROSPECTION.contains(field.getName())) {
        return new Tally(1, alias, 1, 1, 0, 0, true);
      }
      boolean backed = isNatsBacked(parent, field.getName());
      // a batched field is one call per execution level, whatever the number of its parents
      long batchedCall = backed && isBatched(parent, field.getName()) ? 1 : 0;
      long natsCall = backed && batchedCall == 0 ? 1 : 0;
      GraphQLFieldDefinition definition =
          parent instanceof GraphQLFieldsContainer container
              ? container.getFieldDefinition(field.getName())
              : null; // __typename, the one field a union has
      if (field.getSelectionSet() == null || definition == null) {
        return new Tally(1, alias, 1, 1, natsCall, batchedCall, false);
      }
      Tally below =
          selections(
              field.getSelectionSet(),
              (GraphQLCompositeType) GraphQLTypeUtil.unwrapAll(definition.getType()));
      return new Tally(
          Tally.plus(1, below.depth),
          Tally.plus(alias, below.aliases),
          1,
          Tally.plus(1, below.fields),
          Tally.plus(natsCall, Tally.times(listSize(definition), below.natsCalls)),
          Tally.plus(batchedCall, below.batchedCalls),
          below.introspection);
    }

    /**
     * Through an interface, any implementation may run: the field costs a call when one of them is
     * NATS-backed.
     */
    private boolean isNatsBacked(GraphQLCompositeType parent, String field) {
      if (parent instanceof GraphQLObjectType object) {
        return natsFields.contains(object.getName() + "." + field);
      }
      if (parent instanceof GraphQLInterfaceType contract) {
        return schema.getImplementations(contract).stream()
            .anyMatch(object -> natsFields.contains(object.getName() + "." + field));
      }
      return false;
    }

    /** Only an object type's own field: through an interface, an implementation may not batch. */
    private boolean isBatched(GraphQLCompositeType parent, String field) {
      return parent instanceof GraphQLObjectType object
          && batchedFields.contains(object.getName() + "." + field);
    }

    /** 1 for a single value; a list's hint, or the default size for each level of list. */
    private long listSize(GraphQLFieldDefinition definition) {
      GraphQLType type = GraphQLTypeUtil.unwrapNonNull(definition.getType());
      if (!GraphQLTypeUtil.isList(type)) {
        return 1;
      }
      Integer hint = ListSizeDirective.assumedSize(definition);
      if (hint != null) {
        return hint;
      }
      long size = 1;
      while (GraphQLTypeUtil.isList(type)) {
        size = Tally.times(size, defaultListSize);
        type = GraphQLTypeUtil.unwrapNonNull(GraphQLTypeUtil.unwrapOne(type));
      }
      return size;
    }
  }

  /**
   * The measure of a selection set; {@code width} is how many fields it has at its own level. Sums
   * saturate at {@code Long.MAX_VALUE}.
   */
  private record Tally(
      long depth,
      long aliases,
      long width,
      long fields,
      long natsCalls,
      long batchedCalls,
      boolean introspection) {
    static final Tally NOTHING = new Tally(0, 0, 0, 0, 0, 0, false);

    /** Both selections side by side. */
    Tally and(Tally other) {
      return new Tally(
          Math.max(depth, other.depth),
          plus(aliases, other.aliases),
          plus(width, other.width),
          plus(fields, other.fields),
          plus(natsCalls, other.natsCalls),
          plus(batchedCalls, other.batchedCalls),
          introspection || other.introspection);
    }

    static long plus(long a, long b) {
      long sum = a + b;
      return sum < 0 ? Long.MAX_VALUE : sum;
    }

    static long times(long a, long b) {
      try {
        return Math.multiplyExact(a, b);
      } catch (ArithmeticException overflow) {
        return Long.MAX_VALUE;
      }
    }
  }
}
