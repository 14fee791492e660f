package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, 250",
    "2s, 2000",
    "1.5s, 1500",
    "5m, 300000",
    "1h, 3600000",
    "0.5ms, 0",
    "PT2S, 2000",
    "PT0.25S, 250",
    "'  2s  ', 2000",
    "'2 s', 2000",
    "'\t750ms\n', 750",
  })
  void parse_acceptedForms_giveTheDuration(String text, long millis) {
    assertEquals(millis, Durations.parse(text).toMillis());
  }

  @Test
  void parse_fractionOfAMillisecond_keepsNanoseconds() {
    assertEquals(Duration.ofNanos(1_500_000), Durations.parse("1.5ms"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2 parsecs", "", "   ", "2", "s", "-1s", "1,5s", "2S", "1d", "1e3ms"})
  void parse_badText_saysWhatIsAccepted(String text) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));

    assertTrue(
        error.getMessage().contains("'" + text.trim() + "' is not a duration"), error.getMessage());
    assertTrue(
        error.getMessage().contains("use e.g. 250ms, 2s, 1.5s, 5m or 1h"), error.getMessage());
  }

  @Test
  void parse_null_isRefusedLikeEmptyText() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(null));
  }

  @Test
  void parse_amountTooLargeForADuration_isRefusedNotWrappedAround() {
    // Regression: 10^16 hours overflowed a long of nanoseconds and silently became some other
    // duration.
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("10000000000000000h"));

    assertTrue(error.getMessage().contains("10000000000000000h"), error.getMessage());
  }

  @Test
  void format_wholeSeconds_areWrittenInSeconds() {
    assertEquals("2s", Durations.format(Duration.ofSeconds(2)));
    assertEquals("300s", Durations.format(Duration.ofMinutes(5)));
    assertEquals("0s", Durations.format(Duration.ZERO));
  }

  @Test
  void format_otherDurations_areWrittenInMilliseconds() {
    assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
  }

  @Test
  void format_thenParse_givesTheSameDuration() {
    for (Duration duration :
        new Duration[] {Duration.ofMillis(1), Duration.ofMillis(2500), Duration.ofHours(1)}) {
      assertEquals(duration, Durations.parse(Durations.format(duration)));
    }
  }
}
