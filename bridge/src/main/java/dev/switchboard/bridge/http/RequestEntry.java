package dev.switchboard.bridge.http;

import dev.switchboard.bridge.auth.AuthenticationException;
import dev.switchboard.bridge.auth.Authenticator;
import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.Failures;
import dev.switchboard.bridge.metrics.ErrorMetrics;
import dev.switchboard.bridge.ratelimit.CallerLimits;
import dev.switchboard.bridge.ratelimit.CallerSlots;
import dev.switchboard.bridge.telemetry.ServerSpan;
import dev.switchboard.bridge.telemetry.Tracing;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.TraceParent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where every GraphQL request comes in, whatever its transport: plain HTTP, SSE, and each WebSocket
 * connection. The one place that authenticates the caller (one hop, cached per token) and reads the
 * correlation id, trace context and idempotency key, so every transport admits and refuses alike.
 *
 * <p>Order: authenticate, then the per-caller checks that need to know who is asking (rate limits),
 * then the {@link Admission} the operations run under. Every refusal happens here, before the
 * document is parsed and before anything reaches NATS.
 */
public final class RequestEntry {
  private static final int LONGEST_TRACESTATE = 512;
  // pre-encoded names: Vert.x hashes an AsciiString once, a String on every lookup
  private static final CharSequence TRACEPARENT = HttpHeaders.createOptimized("traceparent");
  private static final CharSequence TRACESTATE = HttpHeaders.createOptimized("tracestate");
  private static final CharSequence IDEMPOTENCY_KEY =
      HttpHeaders.createOptimized("Idempotency-Key");
  private final Authenticator authenticator;
  private final CallerLimits limits;
  private final boolean dev;
  private final Tracing tracing;
  private final ErrorMetrics errors;

  /**
   * @param errors counts each refusal by its code
   */
  public RequestEntry(
      Authenticator authenticator,
      CallerLimits limits,
      boolean dev,
      Tracing tracing,
      ErrorMetrics errors) {
    this.authenticator = authenticator;
    this.limits = limits;
    this.dev = dev;
    this.tracing = tracing;
    this.errors = errors;
  }

  /**
   * Lets a request in, or refuses it.
   *
   * @return the admission; or a stage failed with a {@link Refusal} (anything unexpected is a
   *     refusal with {@code INTERNAL}, logged under the correlation id)
   */
  public CompletionStage<Admission> admit(Arrival arrival) {
    TraceParent incoming = TraceParent.parse(arrival.headers().get(TRACEPARENT));
    String traceState = traceState(arrival, incoming);
    // the request's server span (none when tracing is off): its ids are the request's trace
    ServerSpan span =
        tracing.serve(incoming, traceState, arrival.correlationId(), ServerSpan.Ends.WITH_RESPONSE);
    return authenticator
        .authenticate(arrival.authorization())
        .handle(
            (caller, failure) -> {
              if (failure != null) {
                throw new RefusedException(refusal(Failures.unwrap(failure), arrival));
              }
              CallerKey callerKey = charge(caller, arrival);
              return new Admission(
                  arrival.correlationId(),
                  span.trace(incoming),
                  traceState,
                  caller,
                  arrival.headers().get(IDEMPOTENCY_KEY),
                  dev,
                  callerKey,
                  span);
            })
        .exceptionallyCompose(
            failure -> {
              Refusal refused = counted(refusalOf(failure));
              span.refused(refused.status(), refused.code());
              return CompletableFuture.failedFuture(refused);
            });
  }

  /**
   * The server span of one more operation on a WebSocket: a new trace (a WebSocket carries many
   * unrelated operations), ended when the operation's execution ends.
   */
  public ServerSpan operationSpan(String correlationId) {
    return tracing.serve(null, null, correlationId, ServerSpan.Ends.WITH_EXECUTION);
  }

  /**
   * Counts the request against its caller's rate; over it, the request is refused with 429 and
   * {@code Retry-After}. A WebSocket counts once, at {@code connection_init}.
   *
   * @return the key the caller is counted under
   */
  private CallerKey charge(Caller caller, Arrival arrival) {
    CallerKey key = new CallerKey(() -> keyOf(caller, arrival));
    if (!limits.ratesEnabled()) {
      return key;
    }
    Optional<CallerLimits.OverLimit> over = limits.charge(key.value(), caller);
    if (over.isPresent()) {
      throw new RefusedException(
          new Refusal(
              429,
              ErrorCode.RATE_LIMITED,
              over.get().message(),
              Map.of("Retry-After", Long.toString(over.get().retryAfterSeconds()))));
    }
    return key;
  }

  private String keyOf(Caller caller, Arrival arrival) {
    SocketAddress remote = arrival.remote().get();
    String peer = remote != null ? remote.hostAddress() : null;
    List<String> forwardedFor = arrival.headers().getAll("X-Forwarded-For");
    return limits.keyOf(caller, peer, forwardedFor);
  }

  /**
   * A place for one more WebSocket connection of the admitted caller, or a refusal when it has
   * {@code rateLimits.maxWebSocketsPerCaller} open; release the slot when the connection ends.
   */
  public CallerSlots.Slot openWebSocket(Admission admission) throws Refusal {
    return limits
        .openWebSocket(admission.callerKey().value())
        .orElseThrow(
            () ->
                counted(
                    new Refusal(
                        429,
                        ErrorCode.RATE_LIMITED,
                        "too many WebSocket connections for this caller (the limit is "
                            + limits.maxWebSocketsPerCaller()
                            + ")",
                        Map.of())));
  }

  /**
   * A place for one more SSE or multipart stream of the caller, or a refusal when it has {@code
   * rateLimits.maxStreamsPerCaller} open; release the slot when the stream ends.
   */
  public CallerSlots.Slot openStream(CallerKey caller) throws Refusal {
    return limits
        .openStream(caller.value())
        .orElseThrow(
            () ->
                counted(
                    new Refusal(
                        429,
                        ErrorCode.RATE_LIMITED,
                        "too many open subscription streams (SSE, multipart) for this caller (the"
                            + " limit is "
                            + limits.maxStreamsPerCaller()
                            + ")",
                        Map.of())));
  }

  private Refusal counted(Refusal refusal) {
    errors.count(refusal.code());
    return refusal;
  }

  /** The refusal behind a failed {@link #admit} stage. */
  public static Refusal refusalOf(Throwable failure) {
    Throwable cause = Failures.unwrap(failure);
    if (cause instanceof RefusedException refused) {
      return refused.refusal;
    }
    return cause instanceof Refusal refusal ? refusal : Refusal.internal(cause);
  }

  private static Refusal refusal(Throwable failure, Arrival arrival) {
    if (!(failure instanceof AuthenticationException refused)) {
      return Refusal.internal(failure);
    }
    if (refused.status() == 401) {
      return new Refusal(
          401,
          ErrorCode.UNAUTHENTICATED,
          refused.getMessage(),
          Map.of("WWW-Authenticate", refused.challenge()));
    }
    return new Refusal(
        refused.status(), ErrorCode.SERVICE_UNAVAILABLE, refused.getMessage(), Map.of());
  }

  /** tracestate only means something next to a valid traceparent. */
  private static String traceState(Arrival arrival, TraceParent incoming) {
    String state = incoming == null ? null : arrival.headers().get(TRACESTATE);
    return state != null && state.length() <= LONGEST_TRACESTATE ? state : null;
  }

  /** Carries a refusal through {@code handle}, which only rethrows unchecked exceptions. */
  private static final class RefusedException extends RuntimeException {
    private final Refusal refusal;

    RefusedException(Refusal refusal) {
      super(refusal.getMessage(), null, false, false);
      this.refusal = refusal;
    }
  }
}
