package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.subjects.SubjectTemplate;

/**
 * An AsyncAPI 3.0.0 document of a {@link Contract}, from the bridge's side: it {@code send}s
 * requests (with a reply on the request's inbox: the field's value or the NATS services error) and
 * publishes, and {@code receive}s subscription events. A service implements the mirror image. One
 * channel per subject template; its placeholders are the channel's parameters.
 */
public final class AsyncApiDocument {
  public static final String VERSION = "3.0.0";
  static final String SERVICE_ERROR = "ServiceError";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode document = NODES.objectNode();
  private final ObjectNode channels;
  private final ObjectNode operations;
  private final ObjectNode messages;

  private AsyncApiDocument(String title, String version) {
    document.put("asyncapi", VERSION);
    ObjectNode info = document.putObject("info");
    info.put("title", title)
        .put("version", version)
        .put(
            "description",
            "The NATS side of a Switchboard GraphQL bridge, generated from its schema by"
                + " `switchboard asyncapi`. Operations are the bridge's: it sends requests and"
                + " publishes and receives subscription events; a service answers the requests"
                + " (a JSON reply, or an error in the Nats-Service-Error and"
                + " Nats-Service-Error-Code headers) and publishes the events.");
    document.put("defaultContentType", "application/json");
    channels = document.putObject("channels");
    operations = document.putObject("operations");
    ObjectNode components = document.putObject("components");
    components.putObject("schemas");
    messages = components.putObject("messages");
  }

  /**
   * @param title the document's title
   * @param version the document's version (e.g. derived from the schema's text)
   */
  public static ObjectNode of(Contract contract, String title, String version) {
    AsyncApiDocument built = new AsyncApiDocument(title, version);
    contract.fields().forEach(built::add);
    ObjectNode schemas = (ObjectNode) built.document.path("components").path("schemas");
    contract.schemas().forEach(schemas::set);
    return built.document;
  }

  private void add(FieldContract field) {
    switch (field.kind()) {
      case REQUEST -> request(field);
      case PUBLISH -> publish(field);
      case SUBSCRIBE -> subscribe(field);
    }
  }

  private void request(FieldContract field) {
    String channel = channel(field.subjects().get(0));
    String request = message(field, field.id() + "_request", HeaderSchemas.call(), field.payload());
    String reply = message(field, field.id() + "_reply", null, field.reply());
    serviceError();
    String replyChannel = field.id() + "_reply";
    ObjectNode inbox = channels.putObject(replyChannel);
    inbox.putNull("address");
    inbox.put("description", "The reply inbox of a request to " + field.coordinate() + ".");
    ObjectNode inboxMessages = inbox.putObject("messages");
    inboxMessages.set(reply, messageRef(reply));
    inboxMessages.set(SERVICE_ERROR, messageRef(SERVICE_ERROR));
    ObjectNode operation = operation(field, field.id(), "send", channel, request);
    ObjectNode answer = operation.putObject("reply");
    answer.set("channel", ref("#/channels/" + replyChannel));
    answer
        .putArray("messages")
        .add(ref("#/channels/" + replyChannel + "/messages/" + reply))
        .add(ref("#/channels/" + replyChannel + "/messages/" + SERVICE_ERROR));
  }

  private void publish(FieldContract field) {
    String channel = channel(field.subjects().get(0));
    String message =
        message(field, field.id() + "_publish", HeaderSchemas.publish(), field.payload());
    operation(field, field.id(), "send", channel, message);
  }

  private void subscribe(FieldContract field) {
    String message = message(field, field.id() + "_event", HeaderSchemas.event(), field.payload());
    for (int i = 0; i < field.subjects().size(); i++) {
      String channel = channel(field.subjects().get(i));
      operation(
          field, i == 0 ? field.id() : field.id() + "_" + (i + 1), "receive", channel, message);
    }
  }

  private ObjectNode operation(
      FieldContract field, String id, String action, String channel, String message) {
    ObjectNode operation = operations.putObject(id);
    operation.put("action", action);
    operation.set("channel", ref("#/channels/" + channel));
    operation.put("title", field.coordinate());
    operation.put("summary", field.summary());
    if (field.description() != null) {
      operation.put("description", field.description());
    }
    ((ObjectNode) channels.path(channel).path("messages")).set(message, messageRef(message));
    operation.putArray("messages").add(ref("#/channels/" + channel + "/messages/" + message));
    operation.put("x-switchboard-field", field.coordinate());
    operation.put("x-switchboard-connection", field.connection());
    return operation;
  }

  /** The channel of a template, created by its first use; operations add their messages. */
  private String channel(SubjectTemplate subject) {
    ChannelAddress address = ChannelAddress.of(subject);
    if (!channels.has(address.id())) {
      ObjectNode channel = channels.putObject(address.id());
      channel.put("address", address.address());
      channel.put("description", "Subject template: " + subject.source());
      if (!address.parameters().isEmpty()) {
        channel.set("parameters", address.parameters());
      }
      channel.putObject("messages");
    }
    return address.id();
  }

  private String message(FieldContract field, String id, ObjectNode headers, ObjectNode payload) {
    ObjectNode message = messages.putObject(id);
    message.put("name", id);
    message.put("title", field.coordinate() + " " + id.substring(field.id().length() + 1));
    message.put("contentType", "application/json");
    if (headers != null) {
      message.set("headers", headers);
    }
    message.set("payload", payload);
    return id;
  }

  private void serviceError() {
    if (messages.has(SERVICE_ERROR)) {
      return;
    }
    ObjectNode message = messages.putObject(SERVICE_ERROR);
    message.put("name", SERVICE_ERROR);
    message.put("title", "NATS services error reply");
    message.put(
        "summary",
        "The service failed in a way the caller may see: the client gets SERVICE_ERROR with"
            + " this text and extensions.serviceCode; the body is ignored.");
    message.set("headers", HeaderSchemas.serviceError());
  }

  private static ObjectNode messageRef(String id) {
    return ref("#/components/messages/" + id);
  }

  private static ObjectNode ref(String pointer) {
    return NODES.objectNode().put("$ref", pointer);
  }
}
