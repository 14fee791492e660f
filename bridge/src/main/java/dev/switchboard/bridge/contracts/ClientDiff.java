package dev.switchboard.bridge.contracts;

import dev.switchboard.bridge.contracts.Change.Level;
import graphql.schema.GraphQLSchema;
import graphql.schema.diff.DiffEvent;
import graphql.schema.diff.DiffLevel;
import graphql.schema.diff.SchemaDiff;
import graphql.schema.diff.SchemaDiffSet;
import graphql.schema.diff.reporting.CapturingReporter;
import java.util.ArrayList;
import java.util.List;

/** What breaks or endangers GraphQL clients, by graphql-java's schema diff. */
final class ClientDiff {
  static final String KIND = "schema";

  private ClientDiff() {}

  static List<Change> between(GraphQLSchema old, GraphQLSchema current) {
    CapturingReporter reporter = new CapturingReporter();
    new SchemaDiff().diffSchema(SchemaDiffSet.diffSetFromIntrospection(old, current), reporter);
    List<Change> changes = new ArrayList<>();
    for (DiffEvent event : reporter.getEvents()) {
      if (event.getLevel() == DiffLevel.INFO) {
        continue;
      }
      Level level = event.getLevel() == DiffLevel.BREAKING ? Level.BREAKING : Level.DANGEROUS;
      String path =
          event.getFieldName() != null
              ? event.getTypeName() + "." + event.getFieldName()
              : event.getTypeName();
      changes.add(new Change(level, KIND, path, event.getReasonMsg()));
    }
    return changes;
  }
}
