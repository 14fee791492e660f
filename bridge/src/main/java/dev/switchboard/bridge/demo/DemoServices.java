package dev.switchboard.bridge.demo;

import dev.switchboard.bridge.nats.ServiceConnection;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Request;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's backend: ordinary NATS services written with the {@code subjects} responder API, as a
 * service team would write them. Orders (keyed lookup, list, place), customers (looked up from an
 * order's {@code customerId}), payments (always fails with a coded error) and reports (slow).
 */
public final class DemoServices {
  private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> customers =
      Map.of(
          "c1", Map.of("id", "c1", "name", "Ada Lovelace", "email", "ada@example.com"),
          "c2", Map.of("id", "c2", "name", "Grace Hopper", "email", "grace@example.com"));
  private final AtomicInteger nextOrder = new AtomicInteger(4);

  private DemoServices() {
    addOrder("1", "SHIPPED", 42.5, "c1");
    addOrder("2", "PENDING", 19.99, "c2");
    addOrder("3", "DELIVERED", 7.0, "c1");
  }

  /** Starts every demo service on the connection; they stop when it closes. */
  public static List<Responder> start(ServiceConnection connection) {
    DemoStreams.ensureOrdersStream(connection);
    DemoServices demo = new DemoServices();
    ExecutorService slowWork = Executors.newCachedThreadPool(daemon());
    return List.of(
        DemoInvoices.start(connection, slowWork),
        connection
            .responder("demo-audit", "1.0.0")
            .endpoint(
                "trail",
                "demo.audit.trail",
                request -> Reply.json("[\"alice read acme invoices\",\"bob placed order 4\"]"))
            .start(),
        connection
            .responder("demo-orders", "1.0.0")
            .description("Orders of the demo shop")
            .endpoint("get", "demo.orders.get.*", demo::getOrder)
            .endpoint("list", "demo.orders.list", demo::listOrders)
            .endpoint("place", "demo.orders.place", demo::placeOrder)
            .start(),
        connection
            .responder("demo-customers", "1.0.0")
            .endpoint("get", "demo.customers.get.*", demo::getCustomer)
            .start(),
        connection
            .responder("demo-payments", "1.0.0")
            .endpoint(
                "get",
                "demo.payments.get.*",
                request -> {
                  throw new ServiceException(502, "the payment provider is unreachable");
                })
            .start(),
        connection
            .responder("demo-reports", "1.0.0")
            .executor(slowWork)
            .endpoint(
                "slow",
                "demo.reports.slow",
                request -> {
                  Thread.sleep(3000);
                  return Reply.json("{\"title\":\"Quarterly report\",\"pages\":120}");
                })
            .start());
  }

  private Reply getOrder(Request request) {
    String id = lastToken(request.subject());
    Map<String, Object> order = orders.get(id);
    if (order == null) {
      throw new ServiceException(404, "order " + id + " not found");
    }
    return json(order);
  }

  private Reply listOrders(Request request) {
    Object status = body(request).get("status");
    List<Map<String, Object>> matching = new ArrayList<>();
    for (Map<String, Object> order : orders.values()) {
      if (status == null || status.equals(order.get("status"))) {
        matching.add(order);
      }
    }
    matching.sort((a, b) -> ((String) a.get("id")).compareTo((String) b.get("id")));
    return json(matching);
  }

  private Reply placeOrder(Request request) {
    if (!(body(request).get("input") instanceof Map<?, ?> input)) {
      throw new ServiceException(400, "input is required");
    }
    if (!(input.get("customerId") instanceof String customerId)
        || !customers.containsKey(customerId)) {
      throw new ServiceException(404, "no such customer");
    }
    if (!(input.get("quantity") instanceof Integer quantity) || quantity < 1) {
      throw new ServiceException(400, "quantity must be at least 1");
    }
    String id = Integer.toString(nextOrder.getAndIncrement());
    addOrder(id, "PENDING", quantity * 9.5, customerId);
    return json(Map.of("orderId", id, "status", "PENDING"));
  }

  private Reply getCustomer(Request request) {
    Map<String, Object> customer = customers.get(lastToken(request.subject()));
    if (customer == null) {
      throw new ServiceException(404, "customer not found");
    }
    return json(customer);
  }

  private void addOrder(String id, String status, double total, String customerId) {
    orders.put(id, Map.of("id", id, "status", status, "total", total, "customerId", customerId));
  }

  /** The request's JSON object; anything else reads as an empty one. */
  private static Map<?, ?> body(Request request) {
    try {
      return Json.parse(request.data()) instanceof Map<?, ?> object ? object : Map.of();
    } catch (IOException notJson) {
      throw new ServiceException(400, "the body is not JSON");
    }
  }

  private static Reply json(Object value) {
    return Reply.bytes(Json.bytes(value));
  }

  private static String lastToken(String subject) {
    return subject.substring(subject.lastIndexOf('.') + 1);
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "demo-slow-work");
      thread.setDaemon(true);
      return thread;
    };
  }
}
