package dev.switchboard.bench;

import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Responder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The nested scenario's services: {@code bench.orders.list} answers 20 orders over 3 customers,
 * {@code bench.customers.batch} answers a batch of customers ({@code batchKey}), one item per key.
 */
final class BenchNested {
  static final String ORDERS = "bench.orders.list";
  static final String CUSTOMERS = "bench.customers.batch";
  private static final byte[] ORDER_LIST =
      IntStream.range(0, 20)
          .mapToObj(i -> "{\"id\":\"o" + i + "\",\"customerId\":\"c" + (i % 3 + 1) + "\"}")
          .collect(Collectors.joining(",", "[", "]"))
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private BenchNested() {}

  static Responder.Builder endpoints(Responder.Builder builder) {
    return builder
        .endpoint("list", ORDERS, request -> Reply.bytes(ORDER_LIST))
        .batchEndpoint("customers", CUSTOMERS, (keys, request) -> customers(keys));
  }

  private static List<Map<String, String>> customers(List<String> keys) {
    return keys.stream().map(key -> Map.of("id", key, "name", "Customer " + key)).toList();
  }
}
