package dev.switchboard.bench;

import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.TraceParent;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The floor's request with the header contract a bridge request carries for the benchmark query
 * (DESIGN.md: deadline, operation, correlation id, field path, {@code traceparent}; 225 bytes),
 * made per request as a hand-written client would. Against the plain floor it measures what those
 * bytes cost nats-server, the responder and jnats, none of which is the bridge's own code.
 */
final class FloorContract {
  private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private FloorContract() {}

  static Message request(String subject, byte[] body, Duration timeout) {
    Headers headers = new Headers();
    headers.put(
        SwitchboardHeaders.DEADLINE,
        Long.toString(System.currentTimeMillis() + timeout.toMillis()));
    headers.put(SwitchboardHeaders.OPERATION, "Bench");
    headers.put(SwitchboardHeaders.CORRELATION_ID, correlationId());
    headers.put(SwitchboardHeaders.FIELD_PATH, "order");
    // the subjects library's ids, as the bridge sends them
    headers.put(SwitchboardHeaders.TRACEPARENT, TraceParent.newTrace().header());
    return NatsMessage.builder().subject(subject).headers(headers).data(body).build();
  }

  /** 20 random base-36 characters, the bridge's own form (its generator is not in subjects). */
  private static String correlationId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] chars = new char[20];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = BASE36[random.nextInt(BASE36.length)];
    }
    return new String(chars);
  }
}
