package dev.switchboard.bridge.schema;

import dev.switchboard.bridge.chain.CallContext.CallPolicy;
import dev.switchboard.subjects.SubjectTemplate;

/**
 * What a {@code @natsPublish} mutation does, validated at load time.
 *
 * @param subject where to publish (no wildcards)
 * @param stream JetStream: succeed only on the stream's acknowledgement
 * @param policy timeout and retries (retries only when an idempotency key is present)
 * @param bodyArgument the argument sent as the body, or null for all arguments as an object
 * @param idempotencyArgument the argument holding the de-duplication id, or null (the {@code
 *     Idempotency-Key} HTTP header is used when present)
 * @param streamName the stream that stores the subject, when the schema names it (it lets {@code
 *     permissions} grant that stream's API subjects only), else null
 * @param connection the NATS connection it uses
 */
public record PublishBinding(
    String typeName,
    String fieldName,
    SubjectTemplate subject,
    boolean stream,
    CallPolicy policy,
    String bodyArgument,
    String idempotencyArgument,
    String location,
    String streamName,
    String connection) {

  public String coordinate() {
    return typeName + "." + fieldName;
  }
}
