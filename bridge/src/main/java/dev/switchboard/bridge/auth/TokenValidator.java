package dev.switchboard.bridge.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.switchboard.bridge.config.AuthConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates bearer JWTs with nimbus-jose-jwt, following RFC 8725: only the configured asymmetric
 * algorithms; keys only from the configured JWK set (a token's {@code jku}, {@code x5u} or {@code
 * jwk} header is never followed; {@code kid} only selects among known keys); exact issuer;
 * audience; {@code exp} and {@code sub} required; {@code exp}/{@code nbf}/{@code iat} with bounded
 * skew; a bounded lifetime ({@link TokenLifetime}). May block on a JWK set fetch: call it off the
 * event loop.
 */
public final class TokenValidator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TokenValidator.class);

  /** JWK sets are small; a huge answer is an attack or a mistake. */
  private static final int JWKS_SIZE_LIMIT = 256 * 1024;

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final AuthConfig config;
  private final JWKSource<SecurityContext> keys;

  public TokenValidator(AuthConfig config) throws IOException, ParseException {
    this.config = config;
    this.processor = new DefaultJWTProcessor<>();
    Set<JWSAlgorithm> algorithms =
        config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
    this.keys = keySource(config);
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    processor.setJWSTypeVerifier(typeVerifier(config.tokenType()));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            new HashSet<>(config.audiences()),
            new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
            Set.of("sub", "exp"),
            null);
    claims.setMaxClockSkew((int) config.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(
        new TokenLifetime(claims, config.clockSkew(), config.maxTokenLifetime()));
  }

  private static JWKSource<SecurityContext> keySource(AuthConfig config)
      throws IOException, ParseException {
    if (config.jwksFile() != null) {
      return IssuerKeyFile.load(Path.of(config.jwksFile()));
    }
    AuthConfig.Jwks jwks = config.jwks();
    int timeout = (int) jwks.timeout().toMillis();
    URL url = URI.create(config.jwksUrl()).toURL();
    // Fix: wrapped so a rate-limited re-fetch for an unknown kid is a 401, not a 503 (see
    // KnownKeySource).
    return new KnownKeySource(
        JWKSourceBuilder.create(
                url, new DefaultResourceRetriever(timeout, timeout, JWKS_SIZE_LIMIT))
            .cache(jwks.cacheTtl().toMillis(), jwks.timeout().toMillis() * 2)
            .refreshAheadCache(jwks.refreshAhead().toMillis(), true)
            .rateLimited(jwks.minRefetchInterval().toMillis())
            .outageTolerant(jwks.outageTolerance().toMillis())
            .retrying(false)
            .build());
  }

  private static DefaultJOSEObjectTypeVerifier<SecurityContext> typeVerifier(String required) {
    if (required != null) {
      return new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(required));
    }
    // Access tokens come as plain JWT, as at+jwt (RFC 9068), or without typ.
    return new DefaultJOSEObjectTypeVerifier<>(
        JOSEObjectType.JWT,
        new JOSEObjectType("at+jwt"),
        new JOSEObjectType("application/at+jwt"),
        null);
  }

  /**
   * Reads {@code auth.jwksFile} again; the returned action swaps the keys in. Nothing to do for
   * keys fetched from {@code auth.jwksUrl}: those refresh on their own.
   */
  Runnable readKeysAgain() throws IOException {
    if (keys instanceof IssuerKeyFile file) {
      var next = file.readAgain();
      return () -> file.use(next);
    }
    return () -> {};
  }

  /**
   * @return the caller the token proves
   * @throws AuthenticationException 401 for a bad token, 503 when the keys cannot be fetched
   */
  public Caller validate(String token) throws AuthenticationException {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (KeySourceException unreachable) {
      log.warn("cannot fetch the issuer's keys: {}", unreachable.getMessage());
      throw AuthenticationException.keysUnavailable();
    } catch (ParseException malformed) {
      throw AuthenticationException.invalid("The token is not a well-formed JWT.");
    } catch (TokenLifetime.Refused tooLongOrEarly) {
      throw AuthenticationException.invalid(tooLongOrEarly.getMessage());
    } catch (BadJOSEException rejected) {
      log.debug("token rejected: {}", rejected.getMessage());
      throw AuthenticationException.invalid(describe(rejected.getMessage()));
    } catch (com.nimbusds.jose.JOSEException | RuntimeException failed) {
      log.debug("token could not be processed: {}", failed.toString());
      throw AuthenticationException.invalid("The token could not be verified.");
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      // Fix: nimbus only checks that "sub" is present, so "" passed, and the bridge then signed an
      // envelope every service refuses (Identity's subject is never empty).
      throw AuthenticationException.invalid("The token lacks required claims (sub, exp).");
    }
    Map<String, Object> values = claims.getClaims();
    List<String> roles = ClaimPaths.strings(ClaimPaths.at(values, config.rolesClaim()));
    Set<String> scopes =
        new LinkedHashSet<>(ClaimPaths.strings(ClaimPaths.at(values, config.scopesClaim())));
    if (scopes.isEmpty()) {
      scopes.addAll(ClaimPaths.strings(values.get("scp")));
    }
    return new Caller(
        claims.getSubject(),
        false,
        roles,
        scopes,
        values,
        claims.getExpirationTime().toInstant(),
        token);
  }

  /**
   * Fix: stops the refresh-ahead scheduler, which otherwise kept fetching the issuer's keys after
   * the bridge was closed.
   */
  @Override
  public void close() throws IOException {
    if (keys instanceof java.io.Closeable closeable) {
      closeable.close();
    }
  }

  /** A short, safe reason for {@code error_description}. */
  private static String describe(String nimbusMessage) {
    String message = nimbusMessage == null ? "" : nimbusMessage.toLowerCase(java.util.Locale.ROOT);
    if (message.contains("expired")) {
      return "The token has expired.";
    }
    if (message.contains("before use time") || message.contains("nbf")) {
      return "The token is not valid yet.";
    }
    // Fix: nimbus 10 says "JWT iss claim value rejected", "JWT aud claim rejected" and "JWT missing
    // required aud claim"; matching only "issuer"/"audience" described them as a bad signature.
    if (message.contains("issuer") || message.contains("iss claim")) {
      return "The token was issued by an issuer this bridge does not trust.";
    }
    if (message.contains("audience") || message.contains("aud claim")) {
      return "The token is not meant for this API (audience).";
    }
    if (message.contains("missing required claims")) {
      return "The token lacks required claims (sub, exp).";
    }
    if (message.contains("type")) {
      return "The token has the wrong type.";
    }
    return "The token's signature or algorithm is not accepted.";
  }
}
