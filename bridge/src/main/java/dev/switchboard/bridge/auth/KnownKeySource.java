package dev.switchboard.bridge.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The issuer's JWK set source, telling "no such key" from "no keys". nimbus asks for a re-fetch
 * when a token's {@code kid} is not in the cached set and, past the rate limit, throws {@link
 * RateLimitReachedException}, a {@link KeySourceException} like a real outage. Once a set has been
 * fetched, that only means the key is unknown: the token is refused (401), where the exception
 * would have made every made-up {@code kid} in a flood a 503. While no set could be had (never
 * fetched, or the last attempt failed past the outage tolerance) it stays an outage.
 */
final class KnownKeySource implements JWKSource<SecurityContext>, Closeable {
  private final JWKSource<SecurityContext> source;
  private volatile boolean haveKeys;

  KnownKeySource(JWKSource<SecurityContext> source) {
    this.source = source;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    try {
      List<JWK> keys = source.get(selector, context);
      haveKeys = true;
      return keys;
    } catch (RateLimitReachedException limited) {
      if (haveKeys) {
        return List.of();
      }
      throw limited;
    } catch (KeySourceException unavailable) {
      haveKeys = false;
      throw unavailable;
    }
  }

  /** Stops the background refresh (refresh-ahead runs on its own scheduler). */
  @Override
  public void close() throws IOException {
    if (source instanceof Closeable closeable) {
      closeable.close();
    }
  }
}
