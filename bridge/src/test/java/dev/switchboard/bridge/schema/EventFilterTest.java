package dev.switchboard.bridge.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.subscriptions.NotJson;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventFilterTest {
  private static final EventFilter STATUS = EventFilter.parse("status == args.status");
  private static final EventFilter CUSTOMER_ID =
      EventFilter.parse("customer.id == args.customerId");

  private static String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> EventFilter.parse(text)).getMessage();
  }

  // --- parse -----------------------------------------------------------------------------------

  @Test
  void parse_simplePath_readsPathAndArgument() {
    assertEquals(List.of("status"), STATUS.path());
    assertEquals("status", STATUS.argument());
  }

  @Test
  void parse_nestedPath_splitsOnDots() {
    assertEquals(List.of("customer", "id"), CUSTOMER_ID.path());
    assertEquals("customerId", CUSTOMER_ID.argument());
  }

  @Test
  void parse_spacingAndNameCharacters_areAccepted() {
    EventFilter filter = EventFilter.parse("  order_2.line-item==args.item_id  ");

    assertEquals(List.of("order_2", "line-item"), filter.path());
    assertEquals("item_id", filter.argument());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status = args.status",
        "status != args.status",
        "status",
        "a == args.a == args.b",
        "status == args.status =="
      })
  void parse_withoutExactlyOneEqualsEquals_isRefused(String text) {
    assertEquals("filter '" + text + "' must read 'path == args.name'", refusal(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status ==",
        "status == status",
        "status == args.",
        "status == args.input.status",
        "status == claims.status",
        "status === args.status"
      })
  void parse_rightSideNotOneArgument_isRefused(String text) {
    assertEquals("filter '" + text + "': the right side must be args.<argument>", refusal(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " == args.status",
        "customer..id == args.id",
        ".id == args.id",
        "id. == args.id",
        "2nd == args.id",
        "cust omer == args.id",
        "items[0] == args.id"
      })
  void parse_leftSideNotAPropertyPath_isRefused(String text) {
    assertEquals(
        "filter '" + text + "': the left side must be a property path like status or customer.id",
        refusal(text));
  }

  // --- accepts: values -------------------------------------------------------------------------

  @Test
  void accepts_equalString_passesAndOtherStringsDoNot() {
    Map<String, Object> args = Map.of("status", "SHIPPED");

    assertTrue(STATUS.accepts(Map.of("status", "SHIPPED"), args));
    assertFalse(STATUS.accepts(Map.of("status", "DELIVERED"), args));
    assertFalse(STATUS.accepts(Map.of("status", "shipped"), args), "comparison is case-sensitive");
  }

  @Test
  void accepts_nestedPath_walksIntoObjects() {
    Map<String, Object> args = Map.of("customerId", "c-7");

    assertTrue(CUSTOMER_ID.accepts(Map.of("customer", Map.of("id", "c-7", "name", "Ann")), args));
    assertFalse(CUSTOMER_ID.accepts(Map.of("customer", Map.of("id", "c-8")), args));
  }

  @Test
  void accepts_numbers_compareByValueWhateverTheirJavaType() {
    EventFilter quantity = EventFilter.parse("quantity == args.quantity");

    assertTrue(quantity.accepts(Map.of("quantity", 2), Map.of("quantity", 2.0)), "2 == 2.0");
    assertTrue(quantity.accepts(Map.of("quantity", 2.50), Map.of("quantity", 2.5)));
    assertTrue(
        quantity.accepts(
            Map.of("quantity", new BigInteger("12345678901234567890")),
            Map.of("quantity", new BigInteger("12345678901234567890"))),
        "JSON's big integers, as Jackson reads them");
    assertTrue(quantity.accepts(Map.of("quantity", 7L), Map.of("quantity", 7)));
    assertFalse(quantity.accepts(Map.of("quantity", 2), Map.of("quantity", 3)));
  }

  @Test
  void accepts_numberAgainstString_comparesTheirText() {
    // ID arguments arrive as strings; an event may carry the same id as a JSON number.
    EventFilter orderId = EventFilter.parse("orderId == args.orderId");

    assertTrue(orderId.accepts(Map.of("orderId", 42), Map.of("orderId", "42")));
    assertTrue(orderId.accepts(Map.of("orderId", "42"), Map.of("orderId", 42)));
    assertFalse(orderId.accepts(Map.of("orderId", 42), Map.of("orderId", "43")));
  }

  @Test
  void accepts_booleans_compareByValue() {
    EventFilter urgent = EventFilter.parse("urgent == args.urgent");

    assertTrue(urgent.accepts(Map.of("urgent", true), Map.of("urgent", true)));
    assertFalse(urgent.accepts(Map.of("urgent", false), Map.of("urgent", true)));
  }

  // --- accepts: absent values ------------------------------------------------------------------

  @Test
  void accepts_argumentLeftOut_switchesTheConditionOff() {
    Map<String, Object> givenAsNull = new HashMap<>();
    givenAsNull.put("status", null);

    assertTrue(STATUS.accepts(Map.of("status", "DELIVERED"), Map.of()));
    assertTrue(STATUS.accepts(Map.of("status", "DELIVERED"), givenAsNull));
    assertTrue(STATUS.accepts(new NotJson(3), Map.of()), "off means off, whatever the event is");
  }

  @Test
  void accepts_pathMissingFromTheEvent_dropsIt() {
    Map<String, Object> args = Map.of("customerId", "c-7");

    assertFalse(CUSTOMER_ID.accepts(Map.of("status", "SHIPPED"), args));
    assertFalse(CUSTOMER_ID.accepts(Map.of("customer", Map.of("name", "Ann")), args));
  }

  @Test
  void accepts_nullAtThePath_dropsIt() {
    Map<String, Object> event = new HashMap<>();
    event.put("status", null);

    assertFalse(STATUS.accepts(event, Map.of("status", "SHIPPED")));
  }

  @Test
  void accepts_pathThroughANonObject_dropsIt() {
    assertFalse(CUSTOMER_ID.accepts(Map.of("customer", "c-7"), Map.of("customerId", "c-7")));
  }

  @Test
  void accepts_eventThatIsNotAnObject_dropsIt() {
    Map<String, Object> args = Map.of("status", "SHIPPED");

    assertFalse(STATUS.accepts("SHIPPED", args));
    assertFalse(STATUS.accepts(List.of(Map.of("status", "SHIPPED")), args));
    assertFalse(STATUS.accepts(new NotJson(12), args));
    assertFalse(STATUS.accepts(null, args));
  }
}
