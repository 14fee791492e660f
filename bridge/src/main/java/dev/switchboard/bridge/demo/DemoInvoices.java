package dev.switchboard.bridge.demo;

import dev.switchboard.bridge.nats.ServiceConnection;
import dev.switchboard.bridge.support.Json;
import dev.switchboard.subjects.identity.Identity;
import dev.switchboard.subjects.identity.IdentityVerifier;
import dev.switchboard.subjects.responder.Reply;
import dev.switchboard.subjects.responder.Request;
import dev.switchboard.subjects.responder.Responder;
import dev.switchboard.subjects.responder.ServiceException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A tenant-aware service, as a team would write one behind Switchboard: it accepts only requests
 * carrying a valid identity envelope (fetched keys over NATS), and checks that the tenant in the
 * subject is the caller's own, defence in depth behind the bridge's subject permissions.
 */
final class DemoInvoices {
  private static final Map<String, List<Map<String, Object>>> INVOICES =
      Map.of(
          "acme",
              List.of(Map.of("id", "A-1", "amount", 120.0), Map.of("id", "A-2", "amount", 80.5)),
          "globex", List.of(Map.of("id", "G-1", "amount", 999.0)));

  private DemoInvoices() {}

  static Responder start(ServiceConnection connection, Executor work) {
    IdentityVerifier verifier = connection.identityVerifier().build();
    return connection
        .responder("demo-invoices", "1.0.0")
        .description("Invoices per tenant; needs the bridge's identity envelope")
        .executor(work)
        .verifyIdentity(verifier)
        .requireIdentity()
        .endpoint("list", "demo.*.invoices.list", DemoInvoices::list)
        .endpoint("get", "demo.*.invoices.get.*", DemoInvoices::get)
        .start();
  }

  private static Reply list(Request request) {
    String tenant = tenantOf(request);
    return Reply.bytes(
        Json.bytes(
            INVOICES.getOrDefault(tenant, List.of()).stream()
                .map(invoice -> withChecker(invoice, request))
                .toList()));
  }

  private static Reply get(Request request) {
    String tenant = tenantOf(request);
    String id = request.subject().substring(request.subject().lastIndexOf('.') + 1);
    return INVOICES.getOrDefault(tenant, List.of()).stream()
        .filter(invoice -> invoice.get("id").equals(id))
        .findFirst()
        .map(invoice -> Reply.bytes(Json.bytes(withChecker(invoice, request))))
        .orElseThrow(() -> new ServiceException(404, "invoice " + id + " not found"));
  }

  /** The tenant in the subject, which must be the caller's own unless they may audit. */
  private static String tenantOf(Request request) {
    String tenant = request.subject().split("\\.")[1];
    Identity identity = request.identity().orElseThrow();
    boolean own = tenant.equals(identity.claim("tenant").orElse(null));
    if (!own && !identity.hasRole("auditor")) {
      throw new ServiceException(403, "not your tenant");
    }
    return tenant;
  }

  private static Map<String, Object> withChecker(Map<String, Object> invoice, Request request) {
    Identity identity = request.identity().orElseThrow();
    return Map.of(
        "id",
        invoice.get("id"),
        "amount",
        invoice.get("amount"),
        "checkedFor",
        identity.subject() + "@" + identity.claim("tenant").orElse("-"));
  }
}
