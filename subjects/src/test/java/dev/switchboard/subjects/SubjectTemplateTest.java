package dev.switchboard.subjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.switchboard.subjects.Placeholder.Source;
import dev.switchboard.subjects.SubjectTemplate.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubjectTemplateTest {

  // ---- parsing ----

  @Test
  void parse_staticSubject_rendersItself() throws Exception {
    SubjectTemplate template = SubjectTemplate.parse("orders.get", Kind.PUBLISH);

    assertEquals(List.of(), template.placeholders());
    assertEquals("orders.get", template.render(placeholder -> fail("no placeholder to ask for")));
    assertEquals("orders.get", template.source());
    assertEquals(Kind.PUBLISH, template.kind());
  }

  @Test
  void parse_whitespaceInsideBraces_isIgnored() throws Exception {
    for (String written : List.of("a.{{args.id}}", "a.{{ args.id }}", "a.{{   args.id\t}}")) {
      SubjectTemplate template = SubjectTemplate.parse(written, Kind.PUBLISH);

      Placeholder only = template.placeholders().get(0);
      assertEquals(Source.ARGS, only.source(), written);
      assertEquals(List.of("id"), only.path(), written);
      assertEquals("args.id", only.expression(), written);
      assertEquals("a.7", template.render(args(Map.of("id", "7"))), written);
    }
  }

  @Test
  void parse_severalPlaceholders_keepsTheirOrderAndSources() throws Exception {
    SubjectTemplate template =
        SubjectTemplate.parse(
            "orders.{{ claims.tenant }}.get.{{ args.id }}.{{ parent.customerId }}", Kind.PUBLISH);

    List<Placeholder> placeholders = template.placeholders();
    assertEquals(3, placeholders.size());
    assertEquals(Source.CLAIMS, placeholders.get(0).source());
    assertEquals("tenant", placeholders.get(0).root());
    assertEquals(Source.ARGS, placeholders.get(1).source());
    assertEquals("id", placeholders.get(1).root());
    assertEquals(Source.PARENT, placeholders.get(2).source());
    assertEquals("customerId", placeholders.get(2).root());

    Values values =
        new Values()
            .with(Source.CLAIMS, Map.of("tenant", "acme"))
            .with(Source.ARGS, Map.of("id", "42"))
            .with(Source.PARENT, Map.of("customerId", 9));
    assertEquals("orders.acme.get.42.9", template.render(values));
  }

  @Test
  void parse_placeholderInsideToken_rendersIntoThatToken() throws Exception {
    SubjectTemplate template = SubjectTemplate.parse("orders.v{{ args.id }}-x.get", Kind.PUBLISH);

    assertEquals("orders.v42-x.get", template.render(args(Map.of("id", 42))));
  }

  @Test
  void parse_bracketNotation_keepsTheWholeClaimName() throws Exception {
    SubjectTemplate template =
        SubjectTemplate.parse("orders.{{ claims[\"https://acme.io/tenant\"] }}.get", Kind.PUBLISH);

    Placeholder claim = template.placeholders().get(0);
    assertEquals(Source.CLAIMS, claim.source());
    assertEquals(List.of("https://acme.io/tenant"), claim.path());
    assertEquals("claims[\"https://acme.io/tenant\"]", claim.expression());
    Values values = new Values().with(Source.CLAIMS, Map.of("https://acme.io/tenant", "acme"));
    assertEquals("orders.acme.get", template.render(values));
  }

  @Test
  void parse_bracketThenDot_walksBoth() throws Exception {
    SubjectTemplate template = SubjectTemplate.parse("t.{{ claims['org'].id }}", Kind.PUBLISH);

    assertEquals(List.of("org", "id"), template.placeholders().get(0).path());
  }

  @Test
  void parse_nestedPath_walksIntoObjects() throws Exception {
    SubjectTemplate template =
        SubjectTemplate.parse("orders.{{ args.input.id }}.place", Kind.PUBLISH);

    Placeholder nested = template.placeholders().get(0);
    assertEquals(List.of("input", "id"), nested.path());
    assertEquals("input", nested.root());
    assertEquals(
        "orders.ORD-1.place", template.render(args(Map.of("input", Map.of("id", "ORD-1")))));
  }

  // ---- static validation ----

  static Stream<Arguments> badPublishTemplates() {
    return Stream.of(
        arguments("", "the subject is empty"),
        arguments("   ", "the subject is empty"),
        arguments(".orders", "token 1 is empty (leading, trailing or double '.')"),
        arguments("orders.", "token 2 is empty (leading, trailing or double '.')"),
        arguments("orders..get", "token 2 is empty (leading, trailing or double '.')"),
        arguments("orders.{{ args.id", "'{{' at position 7 is never closed"),
        arguments("orders.args.id }}", "'}}' without '{{' at position 15"),
        arguments("orders.{{ args.id }} }}", "'}}' without '{{' at position 21"),
        arguments(
            "orders.{{ foo.x }}",
            "unknown placeholder 'foo.x': it must start with args., parent. or claims."),
        arguments("orders.{{ args }}", "placeholder 'args' names no property, e.g. args.id"),
        arguments("orders.{{ }}", "empty placeholder '{{ }}'"),
        arguments("orders.{{ args. }}", "placeholder 'args.' has an empty name after '.'"),
        arguments("orders.{{ args.a b }}", "placeholder 'args.a b' has an unexpected ' '"),
        arguments(
            "orders.{{ claims[tenant] }}",
            "placeholder 'claims[tenant]' has a malformed [\"name\"] part"),
        arguments(
            "orders.*", "wildcard '*' in token 2: requests and publishes need a concrete subject"),
        arguments(
            "orders.>", "wildcard '>' in token 2: requests and publishes need a concrete subject"),
        arguments(
            "orders.a*.get", "token 2 contains the wildcard '*' (wildcards must be whole tokens)"),
        arguments("orders .get", "token 1 contains whitespace"),
        arguments("orders.\tget", "token 2 contains whitespace"),
        arguments("orders.caf\u00e9", "token 2 contains a non-ASCII character"),
        arguments("orders.\u0001", "token 2 contains a control character"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @MethodSource("badPublishTemplates")
  void parse_badPublishTemplate_isRefusedWithReason(String template, String reason) {
    TemplateException refused =
        assertThrows(TemplateException.class, () -> SubjectTemplate.parse(template, Kind.PUBLISH));

    assertEquals(reason, refused.reason());
    assertEquals(template, refused.template());
  }

  @Test
  void parse_null_isRefusedAsEmpty() {
    TemplateException refused =
        assertThrows(TemplateException.class, () -> SubjectTemplate.parse(null, Kind.PUBLISH));

    assertEquals("the subject is empty", refused.reason());
  }

  @Test
  void parse_literalNulInStaticText_isRefused() {
    // The parser marks placeholders with NUL internally; a real NUL in the text must not pass for
    // one.
    TemplateException refused =
        assertThrows(
            TemplateException.class, () -> SubjectTemplate.parse("orders.a\u0000b", Kind.PUBLISH));

    assertEquals("token 2 contains a control character", refused.reason());
  }

  @Test
  void parse_subscribeWithStarAndFinalGreaterThan_isAccepted() throws Exception {
    SubjectTemplate template =
        SubjectTemplate.parse("orders.{{ claims.tenant }}.*.events.>", Kind.SUBSCRIBE);

    assertEquals(Kind.SUBSCRIBE, template.kind());
    assertEquals(
        "orders.acme.*.events.>",
        template.render(new Values().with(Source.CLAIMS, Map.of("tenant", "acme"))));
  }

  @Test
  void parse_subscribeOnlyWildcards_isAccepted() throws Exception {
    assertEquals("*.>", SubjectTemplate.parse("*.>", Kind.SUBSCRIBE).render(p -> null));
  }

  static Stream<Arguments> badSubscribeTemplates() {
    return Stream.of(
        arguments("orders.>.events", "'>' must be the last token"),
        arguments(">.orders", "'>' must be the last token"),
        arguments(
            "orders.a*", "token 2 contains the wildcard '*' (wildcards must be whole tokens)"),
        arguments(
            "orders.ev>", "token 2 contains the wildcard '>' (wildcards must be whole tokens)"),
        arguments(
            "orders.*{{ args.id }}",
            "token 2 contains the wildcard '*' (wildcards must be whole tokens)"),
        arguments("orders..>", "token 2 is empty (leading, trailing or double '.')"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
  @MethodSource("badSubscribeTemplates")
  void parse_badSubscribeTemplate_isRefusedWithReason(String template, String reason) {
    TemplateException refused =
        assertThrows(
            TemplateException.class, () -> SubjectTemplate.parse(template, Kind.SUBSCRIBE));

    assertEquals(reason, refused.reason());
  }

  // ---- rendering: one value, one token ----

  static Stream<Arguments> hostileValues() {
    return Stream.of(
        arguments("a.b", "it contains '.'"),
        arguments("*", "it contains the wildcard '*'"),
        arguments(">", "it contains the wildcard '>'"),
        arguments("a*", "it contains the wildcard '*'"),
        arguments("foo>", "it contains the wildcard '>'"),
        arguments("", "it is empty"),
        arguments("x".repeat(129), "it is longer than 128 characters"),
        arguments("a b", "it contains whitespace"),
        arguments("a\tb", "it contains whitespace"),
        arguments("x\r\nPUB evil 1", "it contains whitespace"),
        arguments("a\u2028b", "it contains whitespace"),
        arguments("a\u0000b", "it contains a control character"),
        arguments("a\u007Fb", "it contains a control character"),
        arguments("caf\u00e9", "it contains a non-ASCII character"),
        arguments("smile\uD83D\uDE00", "it contains a non-ASCII character"),
        arguments("\u202Egnp.exe", "it contains a non-ASCII character"),
        arguments("a\uFF0Eb", "it contains a non-ASCII character"),
        arguments("a\u00A0b", "it contains a non-ASCII character"),
        arguments(null, "it has no value"),
        arguments(Map.of("id", "1"), "it is an object, not a single value"),
        arguments(Map.of(), "it is an object, not a single value"),
        arguments(List.of("1"), "it is a list, not a single value"),
        arguments(List.of(1), "it is a list, not a single value"),
        arguments(List.of(), "it is a list, not a single value"),
        arguments(Set.of("x"), "it is a list, not a single value"),
        arguments(new String[] {"x"}, "it is a list, not a single value"),
        arguments(new int[] {1}, "it is a list, not a single value"),
        arguments(new Object(), "it is not a single value"),
        arguments(1.5d, "it is not a whole number"),
        arguments(new BigDecimal("0.1"), "it is not a whole number"),
        arguments(Double.NaN, "it is not a whole number"),
        arguments(Double.POSITIVE_INFINITY, "it is not a whole number"),
        arguments(1e200d, "it is longer than 128 characters"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("hostileValues")
  void render_hostileValue_isRefusedWithSpecificReason(Object value, String reason)
      throws Exception {
    SubjectTemplate template = SubjectTemplate.parse("orders.{{ args.id }}.get", Kind.PUBLISH);
    Map<String, Object> args = new HashMap<>();
    args.put("id", value);

    RenderException refused =
        assertThrows(RenderException.class, () -> template.render(args(args)));

    assertEquals(reason, refused.reason());
    assertSame(template.placeholders().get(0), refused.placeholder());
    assertEquals(
        "the value of args.id cannot be used in a subject: " + reason, refused.getMessage());
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("hostileValues")
  void render_hostileValueInSubscribeTemplate_isRefusedToo(Object value, String reason)
      throws Exception {
    // A subscription may carry static wildcards, but a value must never add one.
    SubjectTemplate template = SubjectTemplate.parse("orders.*.{{ args.id }}", Kind.SUBSCRIBE);

    RenderException refused =
        assertThrows(RenderException.class, () -> template.render(p -> value));

    assertEquals(reason, refused.reason());
  }

  @Test
  void render_missingPath_isRefusedAsNoValue() throws Exception {
    SubjectTemplate template = SubjectTemplate.parse("orders.{{ args.input.id }}", Kind.PUBLISH);

    RenderException refused =
        assertThrows(RenderException.class, () -> template.render(args(Map.of("input", Map.of()))));

    assertEquals("it has no value", refused.reason());
  }

  @ParameterizedTest
  @MethodSource("listsAndObjectsWithHarmlessText")
  void render_listOrObjectFromAnySource_isRefusedByItsType_notItsText(Source source, Object value)
      throws Exception {
    SubjectTemplate template =
        SubjectTemplate.parse(
            "orders.{{ " + source.name().toLowerCase(Locale.ROOT) + ".v }}.get", Kind.PUBLISH);

    RenderException refused =
        assertThrows(
            RenderException.class,
            () -> template.render(new Values().with(source, Map.of("v", value))));

    assertEquals(template.placeholders().get(0), refused.placeholder());
    assertTrue(refused.reason().endsWith(", not a single value"), refused.reason());
  }

  /** Values whose Java text ({@code [1]}, {@code {a=b}}) would pass as a token. */
  static Stream<Arguments> listsAndObjectsWithHarmlessText() {
    return Stream.of(Source.values())
        .flatMap(
            source ->
                Stream.of(
                    arguments(source, List.of(1)),
                    arguments(source, List.of("x")),
                    arguments(source, Map.of("a", "b"))));
  }

  @Test
  void render_secondPlaceholderHostile_namesThatPlaceholder() throws Exception {
    SubjectTemplate template =
        SubjectTemplate.parse("o.{{ claims.tenant }}.{{ args.id }}", Kind.PUBLISH);
    Values values =
        new Values()
            .with(Source.CLAIMS, Map.of("tenant", "acme"))
            .with(Source.ARGS, Map.of("id", "1.2"));

    RenderException refused = assertThrows(RenderException.class, () -> template.render(values));

    assertEquals("args.id", refused.placeholder().expression());
  }

  enum Color {
    RED
  }

  static Stream<Arguments> acceptedValues() {
    return Stream.of(
        arguments("42", "42"),
        arguments("ORD-7_x:y", "ORD-7_x:y"),
        arguments("a".repeat(128), "a".repeat(128)),
        arguments("%2E", "%2E"),
        arguments(42, "42"),
        arguments(-7, "-7"),
        arguments(9_000_000_000L, "9000000000"),
        arguments((short) 3, "3"),
        arguments((byte) 4, "4"),
        arguments(
            new BigInteger("123456789012345678901234567890"), "123456789012345678901234567890"),
        arguments(true, "true"),
        arguments(2.0d, "2"),
        arguments(2.0f, "2"),
        arguments(-0.0d, "0"),
        arguments(new BigDecimal("10"), "10"),
        arguments(new BigDecimal("10.00"), "10"),
        arguments(new BigDecimal("1E+3"), "1000"),
        arguments(new StringBuilder("sb"), "sb"),
        arguments(Color.RED, "RED"));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("acceptedValues")
  void render_acceptableValue_rendersExactly(Object value, String token) throws Exception {
    SubjectTemplate template = SubjectTemplate.parse("orders.{{ args.id }}.get", Kind.PUBLISH);

    assertEquals("orders." + token + ".get", template.render(args(Map.of("id", value))));
  }

  @Test
  void render_sameTemplateManyValues_isIndependentPerCall() throws Exception {
    SubjectTemplate template = SubjectTemplate.parse("a.{{ args.id }}", Kind.PUBLISH);

    assertEquals("a.1", template.render(args(Map.of("id", 1))));
    assertThrows(RenderException.class, () -> template.render(args(Map.of("id", "x.y"))));
    assertEquals("a.2", template.render(args(Map.of("id", 2))));
  }

  // ---- helpers ----

  private static SubjectTemplate.Values args(Map<String, ?> args) {
    return new Values().with(Source.ARGS, args);
  }

  private static Object fail(String message) {
    throw new AssertionError(message);
  }

  /** Test values per source; walks nested maps along the placeholder's path. */
  private static final class Values implements SubjectTemplate.Values {
    private final Map<Source, Map<String, ?>> bySource = new HashMap<>();

    Values with(Source source, Map<String, ?> values) {
      bySource.put(source, values);
      return this;
    }

    @Override
    public Object valueOf(Placeholder placeholder) {
      Object current = bySource.get(placeholder.source());
      for (String name : placeholder.path()) {
        if (!(current instanceof Map<?, ?> map)) {
          return null;
        }
        current = map.get(name);
      }
      return current;
    }
  }
}
