package dev.switchboard.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class KnownKeySourceTest {
  private static final JWKSelector ANY = new JWKSelector(new JWKMatcher.Builder().build());

  /** Answers with the queued outcomes: a key list, or an exception to throw. */
  private static final class Scripted implements JWKSource<SecurityContext>, Closeable {
    final Deque<Object> outcomes = new ArrayDeque<>();
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    @SuppressWarnings("unchecked")
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
      Object next = outcomes.removeFirst();
      if (next instanceof KeySourceException failure) {
        throw failure;
      }
      return (List<JWK>) next;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void get_rateLimitedBeforeAnySetWasFetched_staysAnOutage() {
    Scripted source = new Scripted();
    source.outcomes.add(new RateLimitReachedException());

    assertThrows(RateLimitReachedException.class, () -> new KnownKeySource(source).get(ANY, null));
  }

  @Test
  void get_rateLimitedAfterASetWasFetched_isNoMatchingKey() throws Exception {
    Scripted source = new Scripted();
    JWK key = new RSAKeyGenerator(2048).keyID("a").generate().toPublicJWK();
    source.outcomes.add(List.of(key));
    source.outcomes.add(new RateLimitReachedException());
    KnownKeySource keys = new KnownKeySource(source);

    assertEquals(List.of(key), keys.get(ANY, null));
    assertEquals(List.of(), keys.get(ANY, null));
  }

  @Test
  void get_realOutageAfterASetWasFetched_isStillAnOutage() throws Exception {
    Scripted source = new Scripted();
    source.outcomes.add(List.of());
    source.outcomes.add(new JWKSetUnavailableException("down"));
    KnownKeySource keys = new KnownKeySource(source);
    keys.get(ANY, null);

    assertThrows(JWKSetUnavailableException.class, () -> keys.get(ANY, null));
  }

  @Test
  void get_rateLimitedAfterAFailedFetch_staysAnOutage() throws Exception {
    Scripted source = new Scripted();
    source.outcomes.add(List.of());
    source.outcomes.add(new JWKSetUnavailableException("down past the outage tolerance"));
    source.outcomes.add(new RateLimitReachedException());
    source.outcomes.add(List.of());
    source.outcomes.add(new RateLimitReachedException());
    KnownKeySource keys = new KnownKeySource(source);
    keys.get(ANY, null);
    assertThrows(JWKSetUnavailableException.class, () -> keys.get(ANY, null));

    assertThrows(RateLimitReachedException.class, () -> keys.get(ANY, null));
    keys.get(ANY, null);
    assertEquals(List.of(), keys.get(ANY, null), "keys again after the issuer came back");
  }

  @Test
  void close_closesTheWrappedSource() throws Exception {
    Scripted source = new Scripted();

    new KnownKeySource(source).close();

    assertTrue(source.closed.get());
  }
}
