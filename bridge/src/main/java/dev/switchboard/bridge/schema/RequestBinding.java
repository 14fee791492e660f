package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.chain.CallContext.CallPolicy;
import dev.switchboard.subjects.SubjectTemplate;

/**
 * What a {@code @natsRequest} field does, validated at load time.
 *
 * @param typeName the object type declaring the field
 * @param fieldName the field
 * @param subject the parsed subject template
 * @param policy timeout and retries (field values, else the configured defaults)
 * @param location {@code file:line} of the field, for messages
 * @param connection the NATS connection it uses ({@code default} unless the directive names one)
 */
public record RequestBinding(
    String typeName,
    String fieldName,
    SubjectTemplate subject,
    CallPolicy policy,
    String location,
    String connection) {

  /** Schema coordinate, e.g. {@code Query.order}. */
  public String coordinate() {
    return typeName + "." + fieldName;
  }
}
