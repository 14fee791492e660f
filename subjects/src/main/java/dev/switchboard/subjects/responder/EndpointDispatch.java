package dev.switchboard.subjects.responder;

import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.identity.Identity;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.service.ServiceMessage;
import io.nats.service.ServiceMessageHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link Handler} for each message and always replies with something safe. */
final class EndpointDispatch implements ServiceMessageHandler {
  private static final Logger log = LoggerFactory.getLogger(EndpointDispatch.class);
  static final String INTERNAL_ERROR_TEXT = "internal error";

  private final Connection connection;
  private final String endpoint;
  private final Handler handler;
  private final Executor executor;
  private final IdentityGate identities;
  private final String subject;
  private final HandlerSpans spans;

  /**
   * @param subject the endpoint's subject (a pattern), named on its spans
   */
  EndpointDispatch(
      Connection connection,
      String endpoint,
      String subject,
      Handler handler,
      Executor executor,
      IdentityGate identities) {
    this.connection = connection;
    this.endpoint = endpoint;
    this.subject = subject;
    this.handler = handler;
    this.executor = executor;
    this.identities = identities;
    this.spans = HandlerSpans.detect(endpoint);
  }

  @Override
  public void onMessage(ServiceMessage message) {
    Request request = new Request(message);
    if (request.isExpired()) {
      // The bridge has already answered its client with TIMEOUT; doing the work would be waste.
      log.debug(
          "{}: dropped request past its deadline, correlation id {}",
          endpoint,
          request.correlationId());
      return;
    }
    if (executor == null) {
      handle(message, request);
      return;
    }
    try {
      executor.execute(() -> handle(message, request));
    } catch (RejectedExecutionException overloaded) {
      reply(message, Reply.error(503, "service overloaded"));
    }
  }

  private void handle(ServiceMessage message, Request request) {
    HandlerSpans.HandlerSpan span = spans.start(request, subject);
    Reply reply;
    boolean interrupted = false;
    try {
      reply = answer(request);
    } catch (ServiceException coded) {
      reply = Reply.error(coded.code(), coded.getMessage());
    } catch (InterruptedException stopping) {
      // The service is shutting down mid-request: 503 tells the bridge another instance may answer.
      interrupted = true;
      log.debug(
          "{}: interrupted while handling, correlation id {}", endpoint, request.correlationId());
      reply = Reply.error(503, "service shutting down");
    } catch (Throwable failure) {
      // Errors too (StackOverflowError...): jnats would reply with failure.toString(), and on an
      // executor nobody would reply at all.
      log.error(
          "{}: handler failed, correlation id {}", endpoint, request.correlationId(), failure);
      reply = Reply.error(500, INTERNAL_ERROR_TEXT);
    }
    reply(message, reply);
    span.end(reply);
    if (interrupted && executor != null) {
      // Our executor's thread: keep the interrupt for it. Never set it on the NATS dispatcher's
      // thread.
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Verifies the identity first: here, not in onMessage, so a slow verification (a JWK set fetch)
   * runs on the executor when there is one, not on the NATS dispatcher thread.
   */
  private Reply answer(Request request) throws Exception {
    Optional<Identity> identity = identities.identify(request, endpoint);
    if (identity.isEmpty() && identities.required()) {
      return Reply.error(IdentityGate.REFUSED_CODE, IdentityGate.REFUSED_TEXT);
    }
    Reply reply = handler.handle(identity.map(request::withIdentity).orElse(request));
    if (reply == null) {
      throw new IllegalStateException("handler returned null");
    }
    return reply;
  }

  private void reply(ServiceMessage message, Reply reply) {
    if (message.getReplyTo() == null) {
      return;
    }
    try {
      if (reply.isError()) {
        message.respondStandardError(
            connection, HeaderValues.encode(reply.errorText()), reply.errorCode());
      } else if (reply.headers().isEmpty()) {
        message.respond(connection, reply.rawBody());
      } else {
        message.respond(connection, reply.rawBody(), headersOf(reply.headers()));
      }
    } catch (RuntimeException sendFailed) {
      log.warn("{}: could not send reply: {}", endpoint, sendFailed.toString());
    }
  }

  private static Headers headersOf(Map<String, String> values) {
    Headers headers = new Headers();
    values.forEach((name, value) -> headers.put(name, HeaderValues.encode(value)));
    return headers;
  }
}
