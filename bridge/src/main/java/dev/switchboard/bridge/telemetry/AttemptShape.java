package dev.switchboard.bridge.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/**
 * What every attempt span of one field shares: its name ({@code request <template>}), kind and
 * constant attributes, made once per field instead of once per attempt.
 */
record AttemptShape(String name, SpanKind kind, Attributes constant) {
  static final AttributeKey<String> DESTINATION_NAME =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.attempt");
  static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("switchboard.connection");

  /**
   * @param rendered whether the destination name is the rendered subject (dev mode), set per
   *     attempt; otherwise it is the template, part of the constant attributes
   */
  static AttemptShape of(String coordinate, String template, boolean publish, boolean rendered) {
    String operation = publish ? "publish" : "request";
    var attributes =
        Attributes.builder()
            .put("messaging.system", "nats")
            .put("messaging.operation.type", "send")
            .put("messaging.operation.name", operation)
            .put("messaging.destination.template", template)
            .put("graphql.field.coordinate", coordinate);
    if (!rendered) {
      attributes.put(DESTINATION_NAME, template);
    }
    return new AttemptShape(
        operation + " " + template,
        publish ? SpanKind.PRODUCER : SpanKind.CLIENT,
        attributes.build());
  }
}
