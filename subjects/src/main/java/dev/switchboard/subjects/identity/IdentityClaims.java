package dev.switchboard.subjects.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an {@link Identity} out of verified envelope claims; absent optional claims mean "none".
 */
final class IdentityClaims {
  private IdentityClaims() {}

  static Identity read(JWTClaimsSet claims) throws IdentityException {
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      // Present but empty passes nimbus's "required" check, yet names nobody.
      throw new IdentityException("claims rejected: sub is empty");
    }
    try {
      return new Identity(
          subject,
          strings(claims, IdentityEnvelope.ROLES),
          strings(claims, IdentityEnvelope.SCOPES),
          Objects.requireNonNullElse(claims.getJSONObjectClaim(IdentityEnvelope.CLAIMS), Map.of()),
          Boolean.TRUE.equals(claims.getBooleanClaim(IdentityEnvelope.ANONYMOUS)),
          claims.getIssueTime().toInstant(),
          claims.getExpirationTime().toInstant());
    } catch (ParseException wrongType) {
      throw new IdentityException("malformed envelope: " + wrongType.getMessage(), wrongType);
    }
  }

  private static List<String> strings(JWTClaimsSet claims, String name) throws ParseException {
    List<String> values = claims.getStringListClaim(name);
    if (values == null) {
      return List.of();
    }
    if (values.contains(null)) {
      throw new ParseException("the " + name + " claim contains null", 0);
    }
    return values;
  }
}
