package dev.switchboard.bridge.contracts;

import dev.switchboard.bridge.schema.LoadedSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The changes between two versions of a schema, for clients and for services, breaking first. */
public final class ContractDiff {
  private ContractDiff() {}

  public static List<Change> between(LoadedSchema old, LoadedSchema current) {
    List<Change> changes = new ArrayList<>(ClientDiff.between(old.schema(), current.schema()));
    changes.addAll(ServiceDiff.between(ContractBuilder.of(old), ContractBuilder.of(current)));
    changes.sort(Comparator.comparing(Change::level));
    return changes;
  }
}
