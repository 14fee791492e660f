package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.subjects.Placeholder;
import dev.switchboard.subjects.SubjectTemplate;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A subject template as an AsyncAPI channel address: each {@code {{ args.id }}} becomes the
 * parameter {@code {args_id}} (AsyncAPI parameter names allow letters, digits, {@code _} and {@code
 * -} only), described with where its value comes from and the one-token rule.
 *
 * @param id the channel id, e.g. {@code demo.orders.get.args_id}
 * @param address the address, e.g. {@code demo.orders.get.{args_id}}
 * @param parameters the parameter objects by name (empty when the subject is static)
 */
record ChannelAddress(String id, String address, ObjectNode parameters) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{.*?}}");
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_-]+");
  private static final Pattern UNSAFE_ID = Pattern.compile("[^A-Za-z0-9._-]");

  static ChannelAddress of(SubjectTemplate template) {
    ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    Iterator<Placeholder> placeholders = template.placeholders().iterator();
    Matcher matcher = PLACEHOLDER.matcher(template.source());
    StringBuilder address = new StringBuilder();
    StringBuilder id = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      Placeholder placeholder = placeholders.next();
      String name = parameterName(placeholder);
      String literal = template.source().substring(last, matcher.start());
      address.append(literal).append('{').append(name).append('}');
      id.append(literal).append(name);
      last = matcher.end();
      parameters.putObject(name).put("description", describe(placeholder));
    }
    String rest = template.source().substring(last);
    address.append(rest);
    id.append(rest.replace("*", "_any_").replace(">", "_rest_"));
    String safeId = UNSAFE_ID.matcher(id).replaceAll("_");
    return new ChannelAddress(safeId, address.toString(), parameters);
  }

  static String parameterName(Placeholder placeholder) {
    String name = UNSAFE.matcher(placeholder.expression().strip()).replaceAll("_");
    return name.replaceAll("^_+|_+$", "");
  }

  private static String describe(Placeholder placeholder) {
    String path = String.join(".", placeholder.path());
    String from =
        switch (placeholder.source()) {
          case ARGS -> "The field argument " + path + ".";
          case PARENT ->
              "The value " + path + " of the parent object (the JSON its own field resolved to).";
          case CLAIMS -> "The verified caller's token claim " + path + ".";
        };
    return from + " " + HeaderSchemas.ONE_TOKEN_RULE;
  }
}
