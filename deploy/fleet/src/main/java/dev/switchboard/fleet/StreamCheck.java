package dev.switchboard.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one run's publishes back from {@code FLEET_EVENTS} and compares them with what the clients
 * were told (the load driver's acknowledged file): every acknowledged key stored exactly once, at
 * the sequence the client was given, and nothing stored that no client saw acknowledged. Prints one
 * line of figures; exits 1 when they differ.
 */
final class StreamCheck {
  private static final Pattern KEY = Pattern.compile("\"key\":\"([^\"]+)\"");

  private StreamCheck() {}

  /**
   * The stream's new leader may not answer consumer creation for a few seconds after the node
   * restart the scenario made: retried for up to 30 s.
   */
  private static JetStreamSubscription subscribeWhenReady(Connection nats, String subject)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return nats.jetStream()
            .subscribe(subject, PushSubscribeOptions.builder().ordered(true).build());
      } catch (IOException | JetStreamApiException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(500);
      }
    }
  }

  static void main(Args args) throws Exception {
    Map<String, String> ackedAt = new HashMap<>();
    for (String line : Files.readAllLines(Path.of(args.required("--acked")))) {
      String[] fields = line.split(" ");
      ackedAt.put(fields[0], fields[1]);
    }
    Map<String, Integer> stored = new HashMap<>();
    Map<String, String> storedAt = new HashMap<>();
    try (Connection nats = FleetNats.connect(args.list("--nats"), "fleet-check")) {
      JetStreamSubscription messages =
          subscribeWhenReady(nats, "fleet.events." + args.required("--run"));
      Message message = messages.nextMessage(Duration.ofSeconds(5));
      while (message != null) {
        Matcher key = KEY.matcher(new String(message.getData(), StandardCharsets.UTF_8));
        if (key.find()) {
          stored.merge(key.group(1), 1, Integer::sum);
          storedAt.put(key.group(1), Long.toString(message.metaData().streamSequence()));
        }
        message =
            message.metaData().pendingCount() == 0
                ? null
                : messages.nextMessage(Duration.ofSeconds(5));
      }
    }
    long duplicates = stored.values().stream().filter(count -> count > 1).count();
    long missing = ackedAt.keySet().stream().filter(key -> !stored.containsKey(key)).count();
    long unacknowledged = stored.keySet().stream().filter(key -> !ackedAt.containsKey(key)).count();
    long moved =
        ackedAt.entrySet().stream()
            .filter(acked -> stored.containsKey(acked.getKey()))
            .filter(acked -> !acked.getValue().equals(storedAt.get(acked.getKey())))
            .count();
    int total = stored.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "acked=%d stored=%d duplicates=%d missing=%d stored_not_acked=%d wrong_sequence=%d%n",
        ackedAt.size(), total, duplicates, missing, unacknowledged, moved);
    boolean exact =
        total == ackedAt.size() && duplicates == 0 && missing == 0 && unacknowledged == 0;
    System.exit(exact && moved == 0 ? 0 : 1);
  }
}
