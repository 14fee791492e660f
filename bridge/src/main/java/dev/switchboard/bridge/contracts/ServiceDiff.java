package dev.switchboard.bridge.contracts;

import dev.switchboard.bridge.contracts.Change.Level;
import dev.switchboard.bridge.contracts.FieldContract.Delivery;
import dev.switchboard.bridge.contracts.FieldContract.Kind;
import dev.switchboard.bridge.contracts.PayloadComparison.Flow;
import dev.switchboard.subjects.SubjectTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What breaks or endangers the services behind the bridge, field by field: subjects, bindings,
 * connections, batching and the payloads' JSON Schemas.
 */
final class ServiceDiff {
  private final Contract old;
  private final Contract current;
  private final List<Change> changes = new ArrayList<>();

  private ServiceDiff(Contract old, Contract current) {
    this.old = old;
    this.current = current;
  }

  static List<Change> between(Contract old, Contract current) {
    ServiceDiff diff = new ServiceDiff(old, current);
    old.fields().forEach(diff::compare);
    return diff.changes;
  }

  private void compare(FieldContract was) {
    String at = was.coordinate();
    Optional<FieldContract> found = current.field(at);
    if (found.isEmpty()) {
      add(Level.BREAKING, "subject", at, "removed " + was.kind().label() + " " + sources(was));
      return;
    }
    FieldContract is = found.get();
    if (was.kind() != is.kind()) {
      add(
          Level.BREAKING,
          "binding",
          at,
          "changed " + was.kind().label() + " -> " + is.kind().label());
      return;
    }
    compareSubjects(was, is);
    if (!was.connection().equals(is.connection())) {
      add(
          Level.BREAKING,
          "connection",
          at,
          "moved from connection " + was.connection() + " to " + is.connection());
    }
    if (was.delivery() != is.delivery()) {
      boolean batching = was.delivery() == Delivery.BATCHED || is.delivery() == Delivery.BATCHED;
      add(
          batching ? Level.BREAKING : Level.DANGEROUS,
          "delivery",
          at,
          "changed " + was.delivery().label() + " -> " + is.delivery().label());
      if (batching) {
        return; // the payloads changed shape entirely; the line above says why
      }
    }
    Flow payloadFlow = was.kind() == Kind.SUBSCRIBE ? Flow.FROM_SERVICE : Flow.TO_SERVICE;
    String payloadKind =
        switch (was.kind()) {
          case REQUEST -> "request";
          case PUBLISH -> "publish";
          case SUBSCRIBE -> "event";
        };
    changes.addAll(
        PayloadComparison.compare(
            old, current, payloadKind, payloadFlow, at, was.payload(), is.payload()));
    if (was.reply() != null && is.reply() != null) {
      changes.addAll(
          PayloadComparison.compare(
              old, current, "reply", Flow.FROM_SERVICE, at, was.reply(), is.reply()));
    }
  }

  private void compareSubjects(FieldContract was, FieldContract is) {
    List<String> before = addresses(was);
    List<String> after = addresses(is);
    if (before.equals(after)) {
      return;
    }
    if (before.size() == 1 && after.size() == 1) {
      add(
          Level.BREAKING,
          "subject",
          was.coordinate(),
          "changed " + was.subjects().get(0).source() + " -> " + is.subjects().get(0).source());
      return;
    }
    for (int i = 0; i < before.size(); i++) {
      if (!after.contains(before.get(i))) {
        add(
            Level.BREAKING,
            "subject",
            was.coordinate(),
            "removed " + was.subjects().get(i).source());
      }
    }
    for (int i = 0; i < after.size(); i++) {
      if (!before.contains(after.get(i))) {
        add(Level.DANGEROUS, "subject", was.coordinate(), "added " + is.subjects().get(i).source());
      }
    }
  }

  /** Subjects compared by shape: spacing inside a placeholder changes nothing on the wire. */
  private static List<String> addresses(FieldContract field) {
    return field.subjects().stream().map(ChannelAddress::of).map(ChannelAddress::address).toList();
  }

  private static String sources(FieldContract field) {
    return String.join(", ", field.subjects().stream().map(SubjectTemplate::source).toList());
  }

  private void add(Level level, String kind, String at, String message) {
    changes.add(new Change(level, kind, at, message));
  }
}
