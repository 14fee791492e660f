package dev.switchboard.subjects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final String VALID = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

  @Test
  void parse_validHeader_givesItsFields() {
    TraceParent parsed = TraceParent.parse(VALID);

    assertEquals(new TraceParent(TRACE_ID, SPAN_ID, "01"), parsed);
    assertEquals(VALID, parsed.header());
  }

  @Test
  void parse_notSampled_keepsFlags() {
    assertEquals("00", TraceParent.parse("00-" + TRACE_ID + "-" + SPAN_ID + "-00").flags());
  }

  @Test
  void parse_surroundingWhitespace_isTolerated() {
    assertEquals(TRACE_ID, TraceParent.parse("  " + VALID + "\t").traceId());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0", // 54 chars
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // trace id too short
        "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01", // trace id too long
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01", // span id too short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011", // 56 chars, no '-'
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // 1-char version
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01", // wrong separators
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01", // uppercase span id
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // uppercase version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0F", // uppercase flags
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero span id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is invalid
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has no more
        // fields
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        "zz-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version not hex
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", // trace id not hex
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x", // flags not hex
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x-extra", // future version, no '-'
        // at 55
      })
  void parse_malformed_isNull(String header) {
    assertNull(TraceParent.parse(header));
  }

  @Test
  void parse_futureVersionWithExtraFields_keepsTheKnownOnes() {
    TraceParent parsed =
        TraceParent.parse("cc-" + TRACE_ID + "-" + SPAN_ID + "-01-what-the-future-brings");

    assertNotNull(parsed);
    assertEquals(new TraceParent(TRACE_ID, SPAN_ID, "01"), parsed);
    assertEquals(VALID, parsed.header(), "we answer in the version we speak");
  }

  @Test
  void parse_futureVersionExactLength_isAccepted() {
    assertEquals(SPAN_ID, TraceParent.parse("01-" + TRACE_ID + "-" + SPAN_ID + "-01").spanId());
  }

  @Test
  void newTrace_isValidAndSampled() {
    TraceParent trace = TraceParent.newTrace();

    assertValid(trace);
    assertEquals("01", trace.flags());
  }

  @Test
  void newTrace_twice_givesDifferentTraces() {
    assertNotEquals(TraceParent.newTrace().traceId(), TraceParent.newTrace().traceId());
  }

  @Test
  void newTrace_everyDigitOfBothIds_isRandom() {
    List<Set<Character>> traceDigits = digitSets(32);
    List<Set<Character>> spanDigits = digitSets(16);

    for (int i = 0; i < 2000; i++) {
      TraceParent trace = TraceParent.newTrace();
      for (int at = 0; at < 32; at++) {
        traceDigits.get(at).add(trace.traceId().charAt(at));
      }
      for (int at = 0; at < 16; at++) {
        spanDigits.get(at).add(trace.spanId().charAt(at));
      }
    }

    // 2,000 draws of a fair hex digit miss one of the 16 with odds of about 16 in 10^56
    traceDigits.forEach(seen -> assertEquals(16, seen.size(), "trace id digits: " + seen));
    spanDigits.forEach(seen -> assertEquals(16, seen.size(), "span id digits: " + seen));
  }

  private static List<Set<Character>> digitSets(int length) {
    List<Set<Character>> sets = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      sets.add(new HashSet<>());
    }
    return sets;
  }

  @Test
  void newSpan_keepsTraceIdAndFlagsWithFreshSpanIds() {
    TraceParent incoming = TraceParent.parse("00-" + TRACE_ID + "-" + SPAN_ID + "-00");
    Set<String> spans = new HashSet<>();
    spans.add(incoming.spanId());

    for (int i = 0; i < 1000; i++) {
      TraceParent hop = incoming.newSpan();
      assertValid(hop);
      assertEquals(TRACE_ID, hop.traceId());
      assertEquals("00", hop.flags());
      assertTrue(spans.add(hop.spanId()), "span ids repeat: " + hop.spanId());
    }
  }

  @Test
  void header_roundTripsThroughParse() {
    for (int i = 0; i < 1000; i++) {
      TraceParent trace = TraceParent.newTrace().newSpan();

      assertEquals(55, trace.header().length());
      assertEquals(trace, TraceParent.parse(trace.header()));
      assertEquals(trace.header(), trace.toString());
    }
  }

  private static void assertValid(TraceParent trace) {
    assertTrue(
        trace.traceId().matches("[0-9a-f]{32}") && !trace.traceId().matches("0+"), trace.traceId());
    assertTrue(
        trace.spanId().matches("[0-9a-f]{16}") && !trace.spanId().matches("0+"), trace.spanId());
    assertTrue(trace.flags().matches("[0-9a-f]{2}"), trace.flags());
  }
}
