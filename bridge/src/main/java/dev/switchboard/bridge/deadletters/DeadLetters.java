package dev.switchboard.bridge.deadletters;

import dev.switchboard.bridge.chain.Interceptor;
import dev.switchboard.bridge.config.DeadLettersConfig;
import dev.switchboard.bridge.nats.NatsClient;
import dev.switchboard.bridge.nats.NatsConnections;
import dev.switchboard.bridge.nats.StreamSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter feature as the config asks for it: the stream checked (or created) when its
 * connection first comes up, and the interceptor that records failed mutations and publishes. Not
 * part of a reload: the call chain is built once; which fields are dead-lettered comes with each
 * schema's fetchers (see {@code CallContext.OnFailure}).
 */
public final class DeadLetters {
  private final DeadLettersConfig config;
  private final CompletableFuture<Void> stream;
  private final Interceptor interceptor;

  private DeadLetters(
      DeadLettersConfig config, CompletableFuture<Void> stream, Interceptor interceptor) {
    this.config = config;
    this.stream = stream;
    this.interceptor = interceptor;
  }

  /**
   * @return empty when {@code deadLetters.stream} is not set
   */
  public static Optional<DeadLetters> start(
      DeadLettersConfig config, NatsConnections nats, MeterRegistry metrics) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    NatsClient client = nats.get(config.connection());
    CompletableFuture<Void> stream =
        client.ensureStream(
            new StreamSpec(
                config.stream(),
                config.streamSubjects(),
                config.maxAge(),
                config.maxBytes(),
                config.replicas(),
                config.create() ? StreamSpec.IfMissing.CREATE : StreamSpec.IfMissing.REFUSE));
    DeadLetterWriter writer = new DeadLetterWriter(config, client, new DeadLetterMetrics(metrics));
    return Optional.of(new DeadLetters(config, stream, new DeadLetterInterceptor(writer)));
  }

  /** Goes first among the call-scoped interceptors after authorization. */
  public Interceptor interceptor() {
    return interceptor;
  }

  /**
   * Waits for the stream check, so that a missing or unusable stream stops the start. When NATS is
   * not reachable within {@code wait}, the bridge starts anyway (it may start before NATS) and the
   * check runs on connect; a failure then is logged, and each dead letter fails and is counted.
   *
   * @throws IllegalStateException naming the stream and what is wrong with it
   */
  public void awaitStream(Duration wait) throws InterruptedException {
    try {
      stream.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException unusable) {
      throw new IllegalStateException(
          "deadLetters: " + unusable.getCause().getMessage(), unusable.getCause());
    } catch (TimeoutException notConnectedYet) {
      LoggerFactory.getLogger(DeadLetters.class)
          .warn(
              "deadLetters: NATS connection '{}' is not up yet; stream {} will be checked on"
                  + " connect",
              config.connection(),
              config.stream());
      stream.whenComplete(
          (ok, unusable) -> {
            if (unusable != null) {
              LoggerFactory.getLogger(DeadLetters.class)
                  .error(
                      "deadLetters: {}; failed mutations and publishes will not be recorded",
                      unusable.getMessage());
            }
          });
    }
  }
}
