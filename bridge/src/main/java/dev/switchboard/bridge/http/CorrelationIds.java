package dev.switchboard.bridge.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The correlation id of a request: the client's {@code X-Request-Id} or {@code X-Correlation-Id}
 * when it is a sane token (1-128 visible ASCII characters), else a new random one. Replacing a
 * hostile id, rather than escaping it, keeps it safe in every header and log line.
 */
public final class CorrelationIds {
  private static final String REQUEST_ID = "X-Request-Id";
  static final String CORRELATION_ID = "X-Correlation-Id";

  // The same names pre-encoded: Vert.x hashes them once, and writes their bytes as they are.
  private static final CharSequence REQUEST_ID_HEADER = HttpHeaders.createOptimized(REQUEST_ID);
  static final CharSequence CORRELATION_ID_HEADER = HttpHeaders.createOptimized(CORRELATION_ID);

  private static final int LONGEST = 128;
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private CorrelationIds() {}

  static String of(HttpServerRequest request) {
    return of(request.headers());
  }

  static String of(MultiMap headers) {
    String given = headers.get(REQUEST_ID_HEADER);
    if (given == null) {
      given = headers.get(CORRELATION_ID_HEADER);
    }
    return isSane(given) ? given : generate();
  }

  static boolean isSane(String id) {
    if (id == null || id.isEmpty() || id.length() > LONGEST) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** 20 random base-36 characters (about 103 bits): unique enough, cheaper than a UUID. */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[20];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }
}
