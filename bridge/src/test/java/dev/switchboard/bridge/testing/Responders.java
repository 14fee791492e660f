package dev.switchboard.bridge.testing;

import dev.switchboard.subjects.responder.Handler;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import io.nats.client.Connection;

/** Services for tests that only need something to answer. */
public final class Responders {
  private Responders() {}

  /**
   * Service {@code name} (version 1.0.0) with one endpoint, also called {@code name}, that answers
   * every request on {@code subject} with {@code json}.
   */
  public static Responder answering(
      Connection connection, String name, String subject, String json) {
    return Responder.builder(connection, name, "1.0.0")
        .endpoint(name, subject, request -> Reply.json(json))
        .start();
  }

  /** Answers {@code {"name": "name of <last subject token>"}}: a customer looked up by its id. */
  public static Handler namedAfterLastToken() {
    return request ->
        Reply.json(
            "{\"name\":\"name of "
                + request.subject().substring(request.subject().lastIndexOf('.') + 1)
                + "\"}");
  }
}
