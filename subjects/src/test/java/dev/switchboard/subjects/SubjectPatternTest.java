package dev.switchboard.subjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.subjects.SubjectTemplate.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NATS wildcard semantics as the permission checks use them: one table per question. */
class SubjectPatternTest {

  // ---- matches: does a concrete subject fall under the pattern? ----

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    // literal
    "orders.acme.get,     orders.acme.get,      true",
    "orders.acme.get,     orders.acme.put,      false",
    "orders.acme.get,     orders.globex.get,    false",
    // '*' is exactly one token
    "orders.*.get,        orders.acme.get,      true",
    "orders.*.get,        orders.acme.x.get,    false",
    "orders.*,            orders.acme,          true",
    "orders.*,            orders,               false",
    "orders.*,            orders.acme.get,      false",
    "*,                   orders,               true",
    "*.*,                 orders,               false",
    // '>' is one or more tokens, never zero
    "orders.>,            orders.acme,          true",
    "orders.>,            orders.acme.get.1,    true",
    "orders.>,            orders,               false",
    "orders.>,            shop.orders.acme,     false",
    ">,                   orders,               true",
    ">,                   orders.acme.get,      true",
    "orders.*.>,          orders.acme.get,      true",
    "orders.*.>,          orders.acme,          false",
    // length mismatch, literal tokens
    "orders.acme,         orders.acme.get,      false",
    "orders.acme.get,     orders.acme,          false",
    // tokens compare exactly, case included
    "orders.acme,         orders.ACME,          false",
    "orders.acme,         orders.acm,           false",
  })
  void matches_table(String pattern, String subject, boolean expected) {
    assertEquals(
        expected, SubjectPattern.parse(pattern).matches(subject), pattern + " ~ " + subject);
  }

  @Test
  void matches_aSubjectWithAWildcardCharacter_isNotMatchedByALiteralPattern() {
    // a '*' in the asked subject is not "any token" for a literal pattern
    assertFalse(SubjectPattern.parse("orders.acme").matches("orders.*"));
    assertFalse(SubjectPattern.parse("orders.acme").matches("orders.>"));
  }

  // ---- covers: is every subject of a subscription allowed by the pattern? ----

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource({
    "orders.>,          orders.*,           true",
    "orders.*,          orders.*,           true",
    "orders.*,          orders.>,           false",
    "orders.>,          orders.>,           true",
    "orders.>,          orders.acme.>,      true",
    "orders.>,          orders.*.>,         true",
    "orders.acme.>,     orders.>,           false",
    "orders.acme.>,     orders.*.>,         false",
    "orders.acme.>,     orders.acme.*,      true",
    "orders.acme.*,     orders.acme.>,      false",
    // '>' covers everything, including itself
    ">,                 >,                  true",
    ">,                 *,                  true",
    ">,                 a.b.c,              true",
    ">,                 *.>,                true",
    "*.>,               >,                  false",
    "*,                 >,                  false",
    // literal vs wildcard
    "orders.acme,       orders.acme,        true",
    "orders.acme,       orders.*,           false",
    "orders.*,          orders.acme,        true",
    "orders.acme,       orders.>,           false",
    "orders.>,          orders.acme,        true",
    // '>' needs at least one more token
    "orders.>,          orders,             false",
    // length mismatch
    "orders.*,          orders.*.*,         false",
    "orders.*.*,        orders.*,           false",
    "a.*.c,             a.b.*,              false",
    "a.*.*,             a.b.*,              true",
  })
  void covers_table(String pattern, String subscription, boolean expected) {
    assertEquals(
        expected,
        SubjectPattern.parse(pattern).covers(SubjectPattern.parse(subscription)),
        pattern + " covers " + subscription);
  }

  // ---- overlaps: is there a subject both patterns match? ----

  @ParameterizedTest(name = "{0} overlaps {1}: {2}")
  @CsvSource({
    "a.*,      a.b,      true",
    "a.>,      a.b.c,    true",
    "a.b,      a.c,      false",
    "a.b,      a.b,      true",
    "a.*,      *.b,      true",
    "a.>,      *.b,      true",
    "a.>,      >,        true",
    "*,        >,        true",
    "a.*.c,    a.b.d,    false",
    "a.*.c,    *.b.c,    true",
    // different lengths
    "a.b,      a.b.c,    false",
    "a.*,      a.b.c,    false",
    "a,        a.>,      false",
    "a.b.>,    a.b,      false",
    "a.*.>,    a.b,      false",
    "a.*.>,    a.b.c,    true",
    "b.>,      a.b.c,    false",
  })
  void overlaps_table(String left, String right, boolean expected) {
    SubjectPattern a = SubjectPattern.parse(left);
    SubjectPattern b = SubjectPattern.parse(right);

    assertEquals(expected, a.overlaps(b), left + " overlaps " + right);
    assertEquals(expected, b.overlaps(a), "overlap is symmetric: " + right + " overlaps " + left);
  }

  // ---- parse errors ----

  @ParameterizedTest(name = "\"{0}\" is refused")
  @ValueSource(
      strings = {
        "",
        ".",
        "a.",
        ".a",
        "a..b", // empty token
        ">.a",
        "a.>.b",
        ">.>", // '>' not last
        "a*",
        "*a",
        "a.b*",
        "a>",
        ">a",
        "a.*b", // wildcard inside a token
        " a",
        "a ",
        "a b",
        "a.\tb",
        "a.\nb",
        "a\r.b", // whitespace and control characters
        "caf\u00e9",
        "a.\u0000",
        "a.\u007f", // non-ASCII, NUL, DEL
      })
  void parse_invalidPattern_isRefusedWithAReason(String pattern) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SubjectPattern.parse(pattern));

    assertFalse(refused.getMessage() == null || refused.getMessage().isBlank());
  }

  @Test
  void parse_null_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> SubjectPattern.parse(null));
  }

  @Test
  void parse_emptyToken_namesTheToken() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SubjectPattern.parse("a..b"));

    assertTrue(refused.getMessage().contains("token 2"), refused.getMessage());
  }

  @Test
  void parse_fullWildcardNotLast_saysItMustBeLast() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> SubjectPattern.parse("a.>.b"));

    assertTrue(refused.getMessage().contains("last"), refused.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a.b.c", "*", ">", "a.*.>", "$SYS.>", "_INBOX.x-y_z", "a-b.c_d.123"})
  void parse_validPattern_keepsItsText(String pattern) {
    assertEquals(pattern, SubjectPattern.parse(pattern).toString());
  }

  @Test
  void hasWildcards_onlyForStarOrFullWildcardTokens() {
    assertFalse(SubjectPattern.parse("orders.acme").hasWildcards());
    assertTrue(SubjectPattern.parse("orders.*").hasWildcards());
    assertTrue(SubjectPattern.parse("orders.>").hasWildcards());
  }

  @Test
  void equals_sameText_isEqualWithTheSameHash() {
    SubjectPattern one = SubjectPattern.parse("orders.*.>");
    SubjectPattern two = SubjectPattern.parse("orders.*.>");

    assertEquals(one, two);
    assertEquals(one.hashCode(), two.hashCode());
    assertNotEquals(one, SubjectPattern.parse("orders.>"));
  }

  // ---- SubjectTemplate.widened: the pattern a template has for any values ----

  @ParameterizedTest(name = "{0} widens to {1}")
  @CsvSource({
    "orders.{{ claims.tenant }}.>,                          orders.*.>",
    "orders.{{ claims.tenant }}.get.{{ claims.id }},        orders.*.get.*",
    "orders.{{ claims.tenant }},                            orders.*",
    "{{ claims.tenant }}.orders,                            *.orders",
    // a placeholder inside a token widens the whole token
    "orders.t-{{ claims.tenant }}.get,                      orders.*.get",
    "orders.{{ claims.a }}-{{ claims.b }}.get,              orders.*.get",
    // no placeholder: unchanged, wildcards kept
    "orders.acme.>,                                         orders.acme.>",
    "orders.*.admin,                                        orders.*.admin",
  })
  void widened_everyPlaceholderTokenBecomesStar(String template, String expected) throws Exception {
    String widened = SubjectTemplate.parse(template, Kind.SUBSCRIBE).widened();

    assertEquals(expected, widened);
    SubjectPattern.parse(widened); // always a valid pattern
  }

  @Test
  void widened_coversEveryRenderingOfTheTemplate() throws Exception {
    SubjectTemplate template =
        SubjectTemplate.parse("orders.{{ claims.tenant }}.admin.>", Kind.SUBSCRIBE);
    SubjectPattern widened = SubjectPattern.parse(template.widened());

    for (String tenant : new String[] {"acme", "globex", "x-1"}) {
      String rendered = template.render(placeholder -> tenant);
      assertTrue(widened.covers(SubjectPattern.parse(rendered)), rendered);
    }
  }
}
