package dev.switchboard.bridge.http.ws;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The WebSocket as Vert.x's graphql-transport-ws handler sees it, with the protocol's framing rules
 * enforced before any message reaches that handler: a binary frame or a text message that is not a
 * JSON object closes the socket with 4400 (Vert.x would otherwise log and ignore it), and a message
 * over the size limit closes it with 1009, from the very first frame. A dynamic proxy, because the
 * handler registers its message handlers on the socket itself and offers no hook in between.
 *
 * <p>It also keeps every write on the socket's event loop: a write, close or end called from
 * another thread runs there instead. The socket writes without a cross-thread queue ({@link
 * LoopOnlyWrites}), as the HTTP listeners' strict thread mode does for HTTP connections.
 */
final class GuardedSocket implements InvocationHandler {
  static final short BAD_MESSAGE = 4400;
  static final short MESSAGE_TOO_BIG = 1009;
  private final ServerWebSocket socket;
  private final ContextInternal loop;

  private GuardedSocket(ServerWebSocket socket, ContextInternal loop) {
    this.socket = socket;
    this.loop = loop;
  }

  /**
   * The guarded view of {@code socket}, called on its event loop; use it everywhere in place of the
   * socket.
   */
  static ServerWebSocket wrap(ServerWebSocket socket, int maxMessageBytes) {
    // Vert.x reports a message over maxWebSocketMessageSize only here, and keeps the socket open.
    socket.exceptionHandler(
        failure -> {
          if (failure.getMessage() != null && failure.getMessage().contains("max message size")) {
            close(
                socket,
                MESSAGE_TOO_BIG,
                "Message too big: the limit is " + maxMessageBytes + " bytes");
          }
        });
    return (ServerWebSocket)
        Proxy.newProxyInstance(
            ServerWebSocket.class.getClassLoader(),
            new Class<?>[] {ServerWebSocket.class},
            new GuardedSocket(socket, (ContextInternal) Vertx.currentContext()));
  }

  /**
   * The socket behind a guarded view, for writing: every call through the view is a reflective
   * call, too dear per event for a socket that fans out. The guard is about what comes in; writes
   * need none of it.
   */
  static ServerWebSocket unwrap(ServerWebSocket socket) {
    if (Proxy.isProxyClass(socket.getClass())
        && Proxy.getInvocationHandler(socket) instanceof GuardedSocket guard) {
      return guard.socket;
    }
    return socket;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
    if (method.getName().equals("equals") && arguments.length == 1) {
      return proxy == arguments[0];
    }
    if (method.getName().equals("textMessageHandler") && arguments.length == 1) {
      socket.textMessageHandler(jsonObjectsOnly((Handler<String>) arguments[0]));
      return proxy;
    }
    if (method.getName().equals("binaryMessageHandler") && arguments.length == 1) {
      socket.binaryMessageHandler(arguments[0] == null ? null : this::refuseBinary);
      return proxy;
    }
    if (isWrite(method) && !onItsLoop()) {
      return writeOnItsLoop(method, arguments);
    }
    try {
      Object result = method.invoke(socket, arguments);
      return result == socket ? proxy : result; // fluent calls keep going through the guard
    } catch (InvocationTargetException failed) {
      throw failed.getCause();
    }
  }

  private static boolean isWrite(Method method) {
    String name = method.getName();
    return (name.startsWith("write") || name.equals("close") || name.equals("end"))
        && method.getReturnType() == Future.class;
  }

  private boolean onItsLoop() {
    return loop.nettyEventLoop().inEventLoop();
  }

  private Future<Object> writeOnItsLoop(Method method, Object[] arguments) {
    Promise<Object> written = Promise.promise();
    loop.runOnContext(
        ignored -> {
          try {
            @SuppressWarnings("unchecked")
            Future<Object> result = (Future<Object>) method.invoke(socket, arguments);
            result.onComplete(written);
          } catch (InvocationTargetException | IllegalAccessException failed) {
            written.fail(failed.getCause() == null ? failed : failed.getCause());
          }
        });
    return written.future();
  }

  private Handler<String> jsonObjectsOnly(Handler<String> handler) {
    if (handler == null) {
      return null;
    }
    return text -> {
      if (isJsonObject(text)) {
        handler.handle(text);
      } else {
        close(socket, BAD_MESSAGE, "Invalid message: not a JSON object");
      }
    };
  }

  private void refuseBinary(Buffer ignored) {
    close(
        socket, BAD_MESSAGE, "Invalid message: binary frames are not part of graphql-transport-ws");
  }

  private static boolean isJsonObject(String text) {
    try {
      new JsonObject(text);
      return true;
    } catch (DecodeException | ClassCastException notAnObject) {
      return false;
    }
  }

  private static void close(ServerWebSocket socket, short code, String reason) {
    if (!socket.isClosed()) {
      socket.close(code, reason);
    }
  }
}
