package dev.switchboard.bridge.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsRequestTest {
  private static final NatsRequest PLAIN = new NatsRequest("orders.get.1", new byte[] {1});

  @Test
  void withHeaders_laterLayersReplaceSameNamedHeaders_inHeadersAndInTheWalk() {
    NatsRequest request =
        PLAIN
            .withHeaders(Map.of("traceparent", "00-a-1-01"))
            .withHeaders(Map.of("Switchboard-Identity", "envelope"))
            .withHeaders(Map.of("traceparent", "00-a-2-01"));

    assertEquals(
        Map.of("traceparent", "00-a-2-01", "Switchboard-Identity", "envelope"), request.headers());
    // What a transport does with the walk (jnats Headers.put replaces): the last value wins.
    Map<String, String> put = new LinkedHashMap<>();
    request.forEachHeader(put::put);
    assertEquals(request.headers(), put);
  }

  @Test
  void forEachHeader_walksTheLayersInTheOrderTheyWereAdded() {
    Map<String, String> contract = new LinkedHashMap<>();
    contract.put("Switchboard-Correlation-Id", "c1");
    contract.put("traceparent", "00-a-1-01");
    NatsRequest request =
        PLAIN.withHeaders(contract).withHeaders(Map.of("Switchboard-Identity", "envelope"));

    List<String> walked = new ArrayList<>();
    request.forEachHeader((name, value) -> walked.add(name + "=" + value));

    assertEquals(
        List.of(
            "Switchboard-Correlation-Id=c1",
            "traceparent=00-a-1-01",
            "Switchboard-Identity=envelope"),
        walked);
  }

  @Test
  void withHeaders_leavesTheRequestItWasMadeFromAsItWas() {
    NatsRequest first = PLAIN.withHeaders(Map.of("a", "1"));

    NatsRequest second = first.withHeaders(Map.of("b", "2"));

    assertEquals(Map.of("a", "1"), first.headers());
    assertEquals(Map.of("a", "1", "b", "2"), second.headers());
    assertEquals(Map.of(), PLAIN.headers());
    assertEquals("orders.get.1", second.subject());
    assertEquals(1, second.body()[0]);
  }

  @Test
  void headers_cannotBeChangedThroughTheRequest() {
    NatsRequest request = PLAIN.withHeaders(new LinkedHashMap<>(Map.of("a", "1")));

    assertThrows(UnsupportedOperationException.class, () -> request.headers().put("b", "2"));
  }
}
