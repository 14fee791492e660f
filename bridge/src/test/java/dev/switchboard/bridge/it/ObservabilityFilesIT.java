package dev.switchboard.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.bridge.testing.NatsServerExtension;
import dev.switchboard.bridge.testing.Responders;
import dev.switchboard.bridge.testing.Scrape;
import dev.switchboard.bridge.testing.Subjects;
import dev.switchboard.bridge.testing.TestBridge;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped Grafana dashboard and Prometheus alert rules query only metrics a bridge serves:
 * every {@code switchboard_*} name in their PromQL (histograms by their {@code _bucket}, {@code
 * _count} and {@code _sum} series) is on {@code /metrics} of a bridge that has served a query.
 */
@Timeout(60)
class ObservabilityFilesIT {
  static final Path DASHBOARD = Path.of("../deploy/observability/dashboard.json");
  static final Path ALERTS = Path.of("../deploy/observability/alerts.yml");
  static final Pattern METRIC = Pattern.compile("\\bswitchboard_[a-zA-Z0-9_]+");

  @RegisterExtension static final NatsServerExtension nats = new NatsServerExtension();

  @Test
  void dashboardAndAlerts_everyMetricTheyQuery_isOnMetricsAfterTraffic() throws IOException {
    String prefix = Subjects.uniquePrefix();
    Responders.answering(nats.connect(), "hello", prefix + ".hello", "\"hi\"");
    Set<String> served;
    try (TestBridge bridge =
        nats.startBridge(
            "type Query { hello: String @natsRequest(subject: \"%s.hello\") }".formatted(prefix))) {
      assertEquals(
          "hi", bridge.client().query("query Greeting { hello }").data().path("hello").asText());
      served = Scrape.of(bridge).names();
    }

    Set<String> queried = new TreeSet<>();
    expressions().forEach(expression -> queried.addAll(metricNames(expression)));

    assertTrue(queried.size() > 10, "found too few metric names: " + queried);
    Set<String> missing = new TreeSet<>(queried);
    missing.removeAll(served);
    assertEquals(Set.of(), missing, "queried but not on /metrics");
  }

  @Test
  void dashboard_everyPanelAndQuery_usesTheDatasourceVariable() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertEquals("datasource", dashboard.at("/templating/list/0/type").asText());

    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertEquals(
          "${datasource}", panel.at("/datasource/uid").asText(), panel.path("title").asText());
      assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText());
      for (JsonNode target : panel.path("targets")) {
        assertEquals("${datasource}", target.at("/datasource/uid").asText());
      }
    }
  }

  /** Every PromQL expression: the dashboard's targets and variables, the alert rules' exprs. */
  private static List<String> expressions() throws IOException {
    List<String> expressions = new ArrayList<>();
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      expressions.add(variable.path("definition").asText());
    }
    JsonNode alerts = new YAMLMapper().readTree(ALERTS.toFile());
    for (JsonNode group : alerts.path("groups")) {
      group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText()));
    }
    return expressions;
  }

  private static Set<String> metricNames(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher metric = METRIC.matcher(expression);
    while (metric.find()) {
      names.add(metric.group());
    }
    return names;
  }
}
