package dev.switchboard.bridge.permissions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import dev.switchboard.bridge.support.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permissions in the shape of a NATS user JWT's {@code nats} claims ({@code pub}, {@code sub},
 * {@code resp}), for JWT tooling and auth callouts. {@code resp} with {@code max} 1 and {@code ttl}
 * 0 is what {@code allow_responses: true} means: nats-server reads 0 as its default expiry.
 */
public final class JsonFormat {
  /** One subject a line, {@code "key": value}: readable, and diffs well in a repository. */
  private static final DefaultPrettyPrinter PRINTER =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);

  private JsonFormat() {}

  public static String render(NatsPermissions permissions) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "pub",
        permissions.publish().isEmpty()
            ? Map.of("deny", List.of(">"))
            : Map.of("allow", permissions.publish()));
    json.put("sub", Map.of("allow", permissions.subscribe()));
    if (permissions.allowResponses()) {
      Map<String, Object> responses = new LinkedHashMap<>();
      responses.put("max", 1);
      responses.put("ttl", 0);
      json.put("resp", responses);
    }
    try {
      return Json.MAPPER.writer(PRINTER).writeValueAsString(json) + "\n";
    } catch (JsonProcessingException unserializable) {
      throw new IllegalStateException("permissions cannot be written as JSON", unserializable);
    }
  }
}
