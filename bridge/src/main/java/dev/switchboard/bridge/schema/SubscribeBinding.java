package dev.switchboard.bridge.schema;

import dev.switchboard.subjects.SubjectTemplate;
import java.util.List;

/**
 * What a {@code @natsSubscribe} field streams, validated at load time.
 *
 * @param subjects subject templates (static wildcards allowed; placeholders never widen)
 * @param stream JetStream: replayable from {@code fromSequence} / {@code since} arguments, then
 *     live
 * @param filters conditions on each event, e.g. {@code status == args.status}
 * @param streamName the stream to replay from, when the schema names it (no lookup by subject, and
 *     {@code permissions} can grant that stream's API subjects only), else null
 * @param connection the NATS connection it uses
 */
public record SubscribeBinding(
    String typeName,
    String fieldName,
    List<SubjectTemplate> subjects,
    boolean stream,
    List<EventFilter> filters,
    String location,
    String streamName,
    String connection) {

  /** The conventional replay arguments of stream subscriptions. */
  public static final String FROM_SEQUENCE = "fromSequence";

  public static final String SINCE = "since";

  public SubscribeBinding {
    subjects = List.copyOf(subjects);
    filters = List.copyOf(filters);
  }

  public String coordinate() {
    return typeName + "." + fieldName;
  }
}
