package dev.switchboard.subjects.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Set;

/**
 * Decides whether an envelope is genuine: nimbus does the JOSE work; this class states the policy
 * (ES256 only, our {@code typ}, exact issuer, audience, required claims) and turns nimbus's
 * exceptions into reasons a person can act on.
 */
final class EnvelopeCheck {
  private static final Set<String> REQUIRED_CLAIMS =
      Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.ISSUED_AT);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  EnvelopeCheck(
      JWKSource<SecurityContext> keys, String issuer, String audience, Duration clockSkew) {
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(IdentityEnvelope.TYPE));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(IdentityEnvelope.ALGORITHM, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience, new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS);
    claims.setMaxClockSkew(Math.toIntExact(clockSkew.toSeconds()));
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** The verified claims; signature, header and claims all checked. */
  JWTClaimsSet verify(String envelope) throws IdentityException {
    SignedJWT jws = signed(envelope);
    JWSHeader header = jws.getHeader();
    // Checked here as well as by nimbus so the reason is precise: nimbus reports a refused
    // algorithm, a wrong type and an unknown key alike as "no matching key".
    if (!IdentityEnvelope.ALGORITHM.equals(header.getAlgorithm())) {
      throw new IdentityException(
          "algorithm "
              + header.getAlgorithm()
              + " refused, only "
              + IdentityEnvelope.ALGORITHM
              + " is accepted");
    }
    if (!IdentityEnvelope.TYPE.equals(header.getType())) {
      throw new IdentityException(
          "type " + header.getType() + " refused, expected " + IdentityEnvelope.TYPE);
    }
    try {
      return processor.process(jws, null);
    } catch (ExpiredJWTException expired) {
      throw new IdentityException("envelope expired", expired);
    } catch (BadJWTException badClaims) {
      // Nimbus names the claim: "JWT iss claim value rejected", "JWT missing required claims:
      // [sub]".
      throw new IdentityException("claims rejected: " + badClaims.getMessage(), badClaims);
    } catch (BadJWSException badSignature) {
      throw new IdentityException("bad signature", badSignature);
    } catch (BadJOSEException noKey) {
      throw new IdentityException(unknownKey(header), noKey);
    } catch (RateLimitReachedException rateLimited) {
      throw new IdentityException(
          unknownKey(header)
              + " (the set was refetched recently; the next refetch "
              + "is rate-limited)",
          rateLimited);
    } catch (KeySourceException unavailable) {
      throw new IdentityException("JWK set unavailable: " + unavailable.getMessage(), unavailable);
    } catch (JOSEException failed) {
      throw new IdentityException("verification failed: " + failed.getMessage(), failed);
    }
  }

  private static SignedJWT signed(String envelope) throws IdentityException {
    JWT jwt;
    try {
      jwt = JWTParser.parse(envelope);
    } catch (ParseException malformed) {
      throw new IdentityException("malformed envelope: " + malformed.getMessage(), malformed);
    }
    if (jwt instanceof SignedJWT jws) {
      return jws;
    }
    // A PlainJWT (alg "none") or an encrypted JWT: never an envelope the bridge signed.
    throw new IdentityException(
        "algorithm "
            + jwt.getHeader().getAlgorithm()
            + " refused, only "
            + IdentityEnvelope.ALGORITHM
            + " is accepted");
  }

  private static String unknownKey(JWSHeader header) {
    return header.getKeyID() == null
        ? "unknown key: the envelope has no kid and no key in the JWK set matches"
        : "unknown key: kid \"" + header.getKeyID() + "\" is not in the JWK set";
  }
}
