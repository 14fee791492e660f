package dev.switchboard.bridge.chain;

import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.SwitchboardHeaders;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stamps the header contract on every attempt: correlation id, a new trace span, the absolute
 * deadline, operation name, field path and, on retries, the attempt number. Values are encoded so
 * that no client input can break a header.
 */
final class ContractHeadersInterceptor implements Interceptor {

  @Override
  public java.util.concurrent.CompletionStage<NatsReply> intercept(Chain chain) {
    CallContext call = chain.call();
    Map<String, String> headers = new LinkedHashMap<>(12);
    headers.put(SwitchboardHeaders.CORRELATION_ID, HeaderValues.encode(call.correlationId()));
    headers.put(SwitchboardHeaders.TRACEPARENT, call.trace().newSpan().header());
    if (call.traceState() != null) {
      headers.put(SwitchboardHeaders.TRACESTATE, HeaderValues.encode(call.traceState()));
    }
    long deadlineMillis = System.currentTimeMillis() + chain.remaining().toMillis();
    headers.put(SwitchboardHeaders.DEADLINE, Long.toString(deadlineMillis));
    if (call.operationName() != null) {
      headers.put(SwitchboardHeaders.OPERATION, HeaderValues.encode(call.operationName()));
    }
    headers.put(SwitchboardHeaders.FIELD_PATH, HeaderValues.encode(call.fieldPath()));
    if (chain.attempt() > 1) {
      // Absent means the first attempt; most calls never retry, so most messages stay smaller.
      headers.put(SwitchboardHeaders.ATTEMPT, Integer.toString(chain.attempt()));
    }
    return chain.proceed(chain.request().withHeaders(headers));
  }

  @Override
  public String toString() {
    return "contract-headers";
  }
}
