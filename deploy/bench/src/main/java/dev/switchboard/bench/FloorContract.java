package dev.switchboard.bench;

import dev.switchboard.subjects.SwitchboardHeaders;
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
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private FloorContract() {}

  static Message request(String subject, byte[] body, Duration timeout) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Headers headers = new Headers();
    headers.put(
        SwitchboardHeaders.DEADLINE,
        Long.toString(System.currentTimeMillis() + timeout.toMillis()));
    headers.put(SwitchboardHeaders.OPERATION, "Bench");
    headers.put(SwitchboardHeaders.CORRELATION_ID, random(BASE36, 20, random));
    headers.put(SwitchboardHeaders.FIELD_PATH, "order");
    headers.put(
        SwitchboardHeaders.TRACEPARENT,
        "00-" + random(HEX, 32, random) + "-" + random(HEX, 16, random) + "-01");
    return NatsMessage.builder().subject(subject).headers(headers).data(body).build();
  }

  private static String random(char[] alphabet, int length, ThreadLocalRandom random) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return new String(chars);
  }
}
