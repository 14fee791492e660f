package dev.switchboard.bridge.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** {@code @natsRequest(batchKey:, maxBatch:)} as {@code check} and the loader read them. */
class BatchKeyDirectiveTest extends SchemaLoadingTest {
  static final String TYPES =
      """
      type Query { orders(region: ID): [Order] @natsRequest(subject: "orders.list") }
      type Customer { name: String }
      """;

  private String order(String customerField) {
    return TYPES + "type Order {\n  customerId: ID\n  " + customerField + "\n}\n";
  }

  @Test
  void batchKey_isReadWithTheDefaultMaxBatch_andOtherFieldsStayUnbatched() throws Exception {
    Bindings bindings =
        load(order(
                "customer: Customer @natsRequest(subject: \"customers.batch\", batchKey: \"{{ parent.customerId }}\")"))
            .bindings();

    RequestBinding customer = bindings.requests().get(1);
    assertEquals("Order.customer", customer.coordinate());
    assertEquals("{{ parent.customerId }}", customer.batch().key().source());
    assertEquals(100, customer.batch().maxBatch());
    assertFalse(bindings.requests().get(0).batched());
  }

  @Test
  void maxBatch_isRead() throws Exception {
    RequestBinding customer =
        load(order(
                "customer: Customer @natsRequest(subject: \"c.batch\", batchKey: \"{{ parent.customerId }}\", maxBatch: 7)"))
            .bindings()
            .requests()
            .get(1);

    assertEquals(7, customer.batch().maxBatch());
  }

  @Test
  void maxBatchOutOfRange_isRefusedWithFileAndLine() throws Exception {
    for (int max : new int[] {0, 1001}) {
      String message =
          failure(
              order(
                  "customer: Customer @natsRequest(subject: \"c.batch\", batchKey: \"{{ parent.customerId }}\", maxBatch: "
                      + max
                      + ")"));
      assertStartsWith(at(5) + "Order.customer: ", message);
      assertContains("maxBatch must be between 1 and 1000, not " + max, message);
    }
  }

  @Test
  void subjectWithAPerParentPlaceholder_isRefusedWithFileAndLine() throws Exception {
    String message =
        failure(
            order(
                "customer: Customer @natsRequest(subject: \"c.{{ parent.customerId }}\", batchKey: \"{{ parent.customerId }}\")"));

    assertStartsWith(at(5) + "Order.customer: ", message);
    assertContains("cannot use the per-parent placeholder {{ parent.customerId }}", message);
  }

  @Test
  void batchKeyNamingAMissingArgument_isRefused() throws Exception {
    String message =
        failure(
            order(
                "customer: Customer @natsRequest(subject: \"c.batch\", batchKey: \"{{ args.id }}\")"));

    assertContains("batchKey placeholder {{ args.id }} names no argument of customer", message);
  }

  @Test
  void batchKeyWithParentOnARootField_isRefused() throws Exception {
    String message =
        failure(
            "type Query { c: String @natsRequest(subject: \"c.batch\", batchKey: \"{{ parent.id }}\") }");

    assertContains("batchKey placeholder {{ parent.id }} has no parent on a root type", message);
  }

  @Test
  void batchKeyWithoutPlaceholder_andMaxBatchWithoutBatchKey_areRefused() throws Exception {
    assertContains(
        "batchKey 'same' has no placeholder",
        failure(
            order("customer: Customer @natsRequest(subject: \"c.batch\", batchKey: \"same\")")));
    assertContains(
        "maxBatch needs a batchKey",
        failure(order("customer: Customer @natsRequest(subject: \"c.batch\", maxBatch: 5)")));
  }

  @Test
  void batchKeyThatCannotBeOneToken_isRefused() throws Exception {
    assertContains(
        "@natsRequest batchKey",
        failure(
            order(
                "customer: Customer @natsRequest(subject: \"c.batch\", batchKey: \"a b {{ parent.customerId }}\")")));
  }
}
