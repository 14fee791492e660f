package dev.switchboard.bridge.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One scrape of a bridge's {@code /metrics}, parsed into samples (Prometheus text format). */
public final class Scrape {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_]\\w*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private final List<Sample> samples;

  private Scrape(List<Sample> samples) {
    this.samples = samples;
  }

  /** A sample: its metric name (with any {@code _bucket} etc. suffix), labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  public static Scrape of(TestBridge bridge) {
    return parse(bridge.client().send("GET", "/metrics", null, Map.of()).text());
  }

  public static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.find()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
    }
    return new Scrape(samples);
  }

  /** Every metric name with at least one sample. */
  public Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toSet());
  }

  /** The sum of the samples of {@code name} that carry all of {@code labels}; 0 when none do. */
  public double sum(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(sample -> sample.name().equals(name))
        .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** How many samples of {@code name} carry all of {@code labels} (the buckets of a histogram). */
  public long count(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(sample -> sample.name().equals(name))
        .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
        .count();
  }

  /** Whether {@code name} has a sample carrying all of {@code labels}. */
  public boolean has(String name, Map<String, String> labels) {
    return samples.stream()
        .anyMatch(
            sample ->
                sample.name().equals(name)
                    && sample.labels().entrySet().containsAll(labels.entrySet()));
  }
}
