package dev.switchboard.subjects.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import io.nats.client.Connection;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The three places a verifier finds the bridge's public keys. Remote ones get nimbus's defaults:
 * cached for 5 minutes and refreshed ahead of expiry; an unknown kid triggers a refetch, at most
 * one per 30 seconds; during an outage the last good set keeps serving.
 */
final class KeySources {
  private KeySources() {}

  static JWKSource<SecurityContext> fixed(JWKSet keys) {
    // Public halves only: a verifier has no business holding private key material.
    return new ImmutableJWKSet<>(keys.toPublicJWKSet());
  }

  static JWKSource<SecurityContext> http(URL url, Duration timeout) {
    int millis = Math.toIntExact(timeout.toMillis());
    return cached(
        JWKSourceBuilder.create(
            url,
            new DefaultResourceRetriever(
                millis, millis, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT)));
  }

  static JWKSource<SecurityContext> nats(Connection connection, String subject, Duration timeout) {
    return cached(JWKSourceBuilder.create(new NatsJwkSetSource(connection, subject, timeout)));
  }

  private static JWKSource<SecurityContext> cached(JWKSourceBuilder<SecurityContext> builder) {
    return builder
        .cache(
            JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE,
            JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
        .refreshAheadCache(
            JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, null, refreshThread(), true, null, false)
        .rateLimited(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL)
        .outageTolerant(true)
        .build();
  }

  /** Nimbus's default refresh thread is not a daemon and would keep a JVM alive after main ends. */
  private static ExecutorService refreshThread() {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread thread = new Thread(task, "switchboard-jwks-refresh");
          thread.setDaemon(true);
          return thread;
        });
  }
}
