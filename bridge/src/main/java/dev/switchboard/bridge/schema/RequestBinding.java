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
 * @param batch how parents share one request ({@code batchKey}), or null for one request per parent
 */
public record RequestBinding(
    String typeName,
    String fieldName,
    SubjectTemplate subject,
    CallPolicy policy,
    String location,
    String connection,
    Batch batch) {

  /** The field without {@code batchKey}: one request per parent. */
  public RequestBinding(
      String typeName,
      String fieldName,
      SubjectTemplate subject,
      CallPolicy policy,
      String location,
      String connection) {
    this(typeName, fieldName, subject, policy, location, connection, null);
  }

  /**
   * Batching: every parent at one execution level that renders the same subject shares a request.
   *
   * @param key the template of each parent's key (same rules as a subject token)
   * @param maxBatch most keys in one request; more keys make more requests
   */
  public record Batch(SubjectTemplate key, int maxBatch) {
    public static final int DEFAULT_MAX = 100;
    public static final int LARGEST_MAX = 1000;
  }

  public boolean batched() {
    return batch != null;
  }

  /** Schema coordinate, e.g. {@code Query.order}. */
  public String coordinate() {
    return typeName + "." + fieldName;
  }
}
