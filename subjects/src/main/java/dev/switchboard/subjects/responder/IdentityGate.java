package dev.switchboard.subjects.responder;

import dev.switchboard.subjects.SwitchboardHeaders;
import dev.switchboard.subjects.identity.Identity;
import dev.switchboard.subjects.identity.IdentityException;
import dev.switchboard.subjects.identity.IdentityVerifier;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A responder's identity policy: which verifier reads the header, and whether one is required. */
final class IdentityGate {
  private static final Logger log = LoggerFactory.getLogger(IdentityGate.class);
  static final int REFUSED_CODE = 401;

  /** The only thing a refused caller learns; the reason stays in our debug log. */
  static final String REFUSED_TEXT = "identity missing or invalid";

  private final IdentityVerifier verifier;
  private final boolean required;

  /**
   * @param verifier null when the responder does not look at identities
   */
  IdentityGate(IdentityVerifier verifier, boolean required) {
    this.verifier = verifier;
    this.required = required;
  }

  boolean required() {
    return required;
  }

  /** The verified identity; empty without a verifier, without a header, or when it fails. */
  Optional<Identity> identify(Request request, String endpoint) {
    if (verifier == null) {
      return Optional.empty();
    }
    Optional<String> envelope = request.header(SwitchboardHeaders.IDENTITY);
    if (envelope.isEmpty()) {
      log.debug("{}: no identity header, correlation id {}", endpoint, request.correlationId());
      return Optional.empty();
    }
    try {
      return Optional.of(verifier.verify(envelope.get()));
    } catch (IdentityException invalid) {
      log.debug(
          "{}: identity rejected ({}), correlation id {}",
          endpoint,
          invalid.getMessage(),
          request.correlationId());
      return Optional.empty();
    }
  }
}
