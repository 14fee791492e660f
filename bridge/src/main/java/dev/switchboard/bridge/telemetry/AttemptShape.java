package dev.switchboard.bridge.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/**
 * What every attempt span of one field shares: its name ({@code request <template>}), kind and
 * constant attributes, made once per field instead of once per attempt.
 */
record AttemptShape(String name, SpanKind kind, String template, Attributes constant) {
  static final AttributeKey<String> DESTINATION_NAME =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("messaging.message.body.size");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("switchboard.attempt");
  static final AttributeKey<String> CONNECTION = AttributeKey.stringKey("switchboard.connection");

  static AttemptShape request(String coordinate, String template) {
    return of(coordinate, template, "request", SpanKind.CLIENT);
  }

  static AttemptShape publish(String coordinate, String template) {
    return of(coordinate, template, "publish", SpanKind.PRODUCER);
  }

  private static AttemptShape of(
      String coordinate, String template, String operation, SpanKind kind) {
    Attributes constant =
        Attributes.builder()
            .put("messaging.system", "nats")
            .put("messaging.operation.type", "send")
            .put("messaging.operation.name", operation)
            .put("messaging.destination.template", template)
            .put("graphql.field.coordinate", coordinate)
            .build();
    return new AttemptShape(operation + " " + template, kind, template, constant);
  }
}
