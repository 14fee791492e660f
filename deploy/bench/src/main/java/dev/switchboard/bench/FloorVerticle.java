package dev.switchboard.bench;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /}: one NATS request per HTTP request, the reply's bytes as the response body. {@code
 * POST /publish}: one JetStream publish per HTTP request, answered once the stream's PubAck arrives
 * (the same request/reply round trip the bridge makes for {@code @natsPublish(stream: true)}).
 * {@code POST /contract}: {@code POST /} with the bridge's header contract on the NATS request
 * ({@link FloorContract}), to tell what the contract costs from what the bridge's code costs.
 * {@code POST /web}: {@code POST /contract} through Vert.x Web's router and a bounded body handler,
 * as a hand-written Vert.x Web service would serve it: what the web framework alone costs. {@code
 * POST /nested}: orders, then one batch of their customers ({@link FloorNested}). WebSocket {@code
 * /graphql}: the fan-out floor ({@link FloorFanout}).
 */
final class FloorVerticle extends VerticleBase {
  private static final String SUBJECT = "bench.orders.get.42";
  private static final byte[] BODY = "{\"id\":\"42\"}".getBytes(StandardCharsets.UTF_8);
  private static final String PUBLISH_SUBJECT = "bench.events.42";
  private static final byte[] EVENT =
      "{\"id\":\"42\",\"status\":\"SHIPPED\"}".getBytes(StandardCharsets.UTF_8);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final CharSequence APPLICATION_JSON =
      HttpHeaders.createOptimized("application/json");
  private static final String SERVICE_ERROR_HEADER = "Nats-Service-Error";

  private static final long MAX_BODY_BYTES = 1024 * 1024;

  private final Connection connection;
  private final int port;
  private Router web; // POST /web only

  FloorVerticle(Connection connection, int port) {
    this.connection = connection;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    web = Router.router(vertx);
    web.post("/web")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(
            routing -> forward(routing.request(), FloorContract.request(SUBJECT, BODY, TIMEOUT)));
    return vertx
        .createHttpServer(new HttpServerOptions().addWebSocketSubProtocol("graphql-transport-ws"))
        .requestHandler(this::handle)
        .webSocketHandler(new FloorFanout(connection, context))
        .listen(port, "127.0.0.1");
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if ("/web".equals(path)) {
      web.handle(request);
      return;
    }
    if (request.method() == HttpMethod.POST && "/nested".equals(path)) {
      new FloorNested(connection, context).handle(request);
      return;
    }
    if (request.method() != HttpMethod.POST
        || !("/".equals(path) || "/publish".equals(path) || "/contract".equals(path))) {
      request.response().setStatusCode(404).end();
      return;
    }
    // Read the whole body, as the bridge must, then ignore it.
    request.body().onSuccess(ignored -> forward(request, message(path)));
  }

  private static Message message(String path) {
    return switch (path) {
      case "/publish" -> NatsMessage.builder().subject(PUBLISH_SUBJECT).data(EVENT).build();
      case "/contract" -> FloorContract.request(SUBJECT, BODY, TIMEOUT);
      default -> NatsMessage.builder().subject(SUBJECT).data(BODY).build();
    };
  }

  private void forward(HttpServerRequest request, Message message) {
    CompletableFuture<Message> reply;
    try {
      reply = connection.requestWithTimeout(message, TIMEOUT);
    } catch (RuntimeException cannotSend) {
      request.response().setStatusCode(502).end();
      return;
    }
    // jnats completes the future on its own thread: hop back to this verticle's event loop.
    reply.whenComplete(
        (answer, failure) -> context.runOnContext(v -> respond(request, answer, failure)));
  }

  private static void respond(HttpServerRequest request, Message answer, Throwable failure) {
    if (failure != null || answer == null || isServiceError(answer)) {
      request.response().setStatusCode(502).end();
      return;
    }
    request
        .response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .end(Buffer.buffer(answer.getData()));
  }

  private static boolean isServiceError(Message answer) {
    return answer.hasHeaders() && answer.getHeaders().containsKey(SERVICE_ERROR_HEADER);
  }
}
