package dev.switchboard.subjects.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;

/**
 * The format of the identity envelope, defined once for the bridge (which signs it) and the
 * services (which verify it). It travels in the {@code Switchboard-Identity} header as a compact
 * JWS:
 *
 * <pre>
 * header:  {"alg":"ES256","kid":"...","typ":"switchboard-identity+jwt"}
 * claims:  {"iss":"switchboard","aud":"switchboard-services","sub":"alice",
 *           "iat":1700000000,"exp":1700000300,
 *           "roles":["customer"],"scopes":["orders:read"],
 *           "claims":{"tenant":"acme"},"anonymous":false}
 * </pre>
 *
 * The bridge's public keys are served as a JWK set at {@code /.well-known/jwks.json} and answered
 * on the NATS subject {@link #DEFAULT_JWKS_SUBJECT}.
 */
public final class IdentityEnvelope {
  private IdentityEnvelope() {}

  /** The only signing algorithm: ECDSA P-256, in every JDK and every JOSE library. */
  public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

  public static final JOSEObjectType TYPE = new JOSEObjectType("switchboard-identity+jwt");

  public static final String DEFAULT_ISSUER = "switchboard";
  public static final String DEFAULT_AUDIENCE = "switchboard-services";

  /** Request/reply subject answering with the bridge's JWK set (public keys only). */
  public static final String DEFAULT_JWKS_SUBJECT = "switchboard.identity.jwks";

  /** Claim: the caller's roles, as the bridge read them from the token. */
  public static final String ROLES = "roles";

  /** Claim: the caller's OAuth scopes. */
  public static final String SCOPES = "scopes";

  /** Claim: an object with the token claims the bridge is configured to pass on (e.g. tenant). */
  public static final String CLAIMS = "claims";

  /** Claim: true when nobody signed in (the anonymous role). */
  public static final String ANONYMOUS = "anonymous";
}
