package dev.switchboard.bridge.http;

import static dev.switchboard.bridge.http.MediaTypesTest.accept;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.ext.web.ParsedHeaderValues;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AcceptedCacheTest {
  private final AcceptedCache cache = new AcceptedCache();
  private final AtomicInteger parsed = new AtomicInteger();

  @Test
  void of_sameHeaderTwice_negotiatedOnce_sameAnswerAsWithout() {
    String header = "text/event-stream;q=0.5, multipart/mixed;subscriptionSpec=1.0";

    Accepted first = cache.of(header, () -> counted(header));
    Accepted second = cache.of(header, () -> counted(header));

    assertEquals(Accepted.of(accept(header)), first);
    assertEquals(first, second);
    assertEquals(1, parsed.get(), "parsed and negotiated once");
  }

  @Test
  void of_differentHeaders_eachItsOwnAnswer() {
    Accepted json = cache.of("application/json", () -> counted("application/json"));
    Accepted sse = cache.of("text/event-stream", () -> counted("text/event-stream"));

    assertEquals(MediaTypes.JSON, json.mediaType());
    assertEquals(MediaTypes.EVENT_STREAM, sse.mediaType());
  }

  @Test
  void of_manyMadeUpHeaders_staysBounded() {
    for (int i = 0; i < 10 * AcceptedCache.MAX_ENTRIES; i++) {
      String header = "application/x-made-up-" + i + ", application/json";
      cache.of(header, () -> counted(header));
    }

    assertTrue(cache.size() <= AcceptedCache.MAX_ENTRIES, "held " + cache.size());
  }

  @Test
  void of_headerLongerThanAnyClientsSends_negotiatedButNotKept() {
    String header = "application/json, " + "x".repeat(AcceptedCache.MAX_HEADER_LENGTH);

    Accepted answer = cache.of(header, () -> counted(header));

    assertEquals(MediaTypes.JSON, answer.mediaType());
    assertEquals(0, cache.size());
  }

  private ParsedHeaderValues counted(String header) {
    parsed.incrementAndGet();
    return accept(header);
  }
}
