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
 */
public record RequestBinding(
    String typeName,
    String fieldName,
    SubjectTemplate subject,
    CallPolicy policy,
    String location) {

  /** Schema coordinate, e.g. {@code Query.order}. */
  public String coordinate() {
    return typeName + "." + fieldName;
  }
}
