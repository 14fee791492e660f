package dev.switchboard.bridge.demo;

/**
 * The demo's built-in config: {@code %1$s} issuer, {@code %2$s} audience, {@code %3$s} JWKS file of
 * the dev identity provider. The least-privilege test derives NATS permissions from it too.
 */
public final class DemoConfig {
  private DemoConfig() {}

  /**
   * Anonymous callers are guests (and may send idempotency keys, for the README's example);
   * signed-in customers also reach their own tenant's invoices.
   */
  public static final String YAML =
      """
      dev: true
      http:
        host: 127.0.0.1
        port: 8080
        # what GraphiQL opens on: the demo's example query, and how to sign in
        graphiqlQuery: |
          # The Switchboard demo: every field is answered by a NATS service.
          # Run "Order" with the play button (or Ctrl-Enter); you call as a guest.
          #
          # "MyInvoices" needs a signed-in customer. Get a token from this server's
          #   /demo/token?sub=alice&roles=customer&tenant=acme
          # and put it in the Headers tab below the editor:
          #   {"Authorization": "Bearer <the token>"}
          query Order {
            order(id: "1") {
              id
              status
              total
              customer { name }
            }
          }

          query MyInvoices {
            myInvoices { id amount }
          }
      schema:
        files: ["classpath:demo/schema.graphql"]
      requests:
        # guests may try the README's Idempotency-Key example (all guests share one identity)
        anonymousIdempotencyKeys: true
      auth:
        issuer: %1$s
        audiences: [%2$s]
        jwksFile: %3$s
        anonymous: {enabled: true, role: guest}
      authorization:
        roles:
          guest:
            request: ["demo.orders.>", "demo.customers.>", "demo.payments.>", "demo.reports.>"]
            publish: ["demo.clicks", "demo.orders.events.*"]
            subscribe: ["demo.clicks", "demo.orders.events.*"]
          customer:
            request: ["demo.orders.>", "demo.customers.>", "demo.payments.>", "demo.reports.>",
                      "demo.{{ claims.tenant }}.invoices.>"]
            publish: ["demo.clicks", "demo.orders.events.*"]
            subscribe: ["demo.clicks", "demo.orders.events.*"]
          auditor:
            request: ["demo.audit.>", "demo.*.invoices.>"]
            deny:
              request: ["demo.*.invoices.delete.>"]
      identity:
        claims: [tenant, email]
      """;
}
