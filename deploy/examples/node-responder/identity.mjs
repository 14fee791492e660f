// Verifies the identity envelope the bridge signs into the Switchboard-Identity header of every
// request: a compact JWS (ES256, typ "switchboard-identity+jwt", iss "switchboard",
// aud "switchboard-services") checked against the bridge's public keys, fetched over NATS.
import { createLocalJWKSet, errors, jwtVerify } from "jose";

export const DEFAULT_JWKS_SUBJECT = "switchboard.identity.jwks";

/**
 * Returns `verify(envelope)`, resolving to the verified claims ({sub, roles, scopes, claims,
 * anonymous, iat, exp}) or rejecting with the reason. The JWK set is fetched on first use, kept
 * for `maxAgeMs` (then refreshed in the background; if that fails the last set keeps serving), and
 * fetched again when an envelope names a key id it does not hold (the bridge rotated its key), at
 * most once per `minRefetchMs`. The same defaults as the Java verifier in `subjects`.
 */
export function identityVerifier(
  nc,
  {
    subject = DEFAULT_JWKS_SUBJECT,
    issuer = "switchboard",
    audience = "switchboard-services",
    clockToleranceSeconds = 30,
    timeoutMs = 2000,
    maxAgeMs = 5 * 60_000,
    minRefetchMs = 30_000,
  } = {},
) {
  const policy = {
    algorithms: ["ES256"],
    typ: "switchboard-identity+jwt",
    issuer,
    audience,
    clockTolerance: clockToleranceSeconds,
    requiredClaims: ["sub", "iat", "exp"],
  };
  let keys; // jose's key lookup over the last JWK set
  let fetchedAt = 0;
  let fetching; // one fetch at a time; concurrent requests wait for the same one

  function fetchKeys() {
    fetching ??= nc
      .request(subject, undefined, { timeout: timeoutMs })
      .then((reply) => {
        if (reply.headers?.has("Nats-Service-Error")) {
          throw new Error(`JWK set request failed: ${reply.headers.get("Nats-Service-Error")}`);
        }
        keys = createLocalJWKSet(reply.json());
        fetchedAt = Date.now();
      })
      .finally(() => {
        fetching = undefined;
      });
    return fetching;
  }

  async function check(envelope) {
    const { payload } = await jwtVerify(envelope, keys, policy);
    if (typeof payload.sub !== "string" || payload.sub === "") {
      throw new Error("claims rejected: sub is empty");
    }
    return payload;
  }

  return async function verify(envelope) {
    if (!envelope) {
      throw new Error("no identity envelope");
    }
    if (!keys) {
      await fetchKeys();
    } else if (Date.now() - fetchedAt > maxAgeMs) {
      // Keys the bridge no longer lists stop being trusted; this request does not wait for it.
      fetchKeys().catch((outage) => console.warn(`JWK set refresh failed: ${outage.message}`));
    }
    try {
      return await check(envelope);
    } catch (failure) {
      const unknownKid = failure instanceof errors.JWKSNoMatchingKey;
      if (!unknownKid || Date.now() - fetchedAt < minRefetchMs) {
        throw failure;
      }
      await fetchKeys();
      return check(envelope);
    }
  };
}
