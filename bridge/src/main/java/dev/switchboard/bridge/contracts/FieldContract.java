package dev.switchboard.bridge.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.subjects.SubjectTemplate;
import java.util.List;

/**
 * What one NATS-backed field means on the wire, for the services that answer it.
 *
 * @param coordinate {@code Type.field}
 * @param kind request/reply, publish or subscribe
 * @param subjects its subject templates (one, except for subscriptions to several)
 * @param connection the named NATS connection
 * @param delivery core NATS, JetStream, or batched request
 * @param payload the JSON Schema of what goes on the subject: the request or publish body, or the
 *     subscription's event
 * @param reply the JSON Schema of a request's reply; null for publishes and subscriptions
 * @param summary one line for humans: kind, timeout, retries
 * @param description the field's description, or null
 */
public record FieldContract(
    String coordinate,
    Kind kind,
    List<SubjectTemplate> subjects,
    String connection,
    Delivery delivery,
    ObjectNode payload,
    ObjectNode reply,
    String summary,
    String description) {

  /** Which directive binds the field. */
  public enum Kind {
    REQUEST("request/reply"),
    PUBLISH("publish"),
    SUBSCRIBE("subscribe");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** How messages travel. */
  public enum Delivery {
    CORE("core NATS"),
    JETSTREAM("JetStream"),
    BATCHED("batched request ({\"keys\": [...]} -> array)");

    private final String label;

    Delivery(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public FieldContract {
    subjects = List.copyOf(subjects);
  }

  /** The id used for operations and messages: {@code Query_order}. */
  public String id() {
    return coordinate.replace('.', '_');
  }
}
