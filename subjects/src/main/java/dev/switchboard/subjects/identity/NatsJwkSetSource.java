package dev.switchboard.subjects.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetParseException;
import com.nimbusds.jose.jwk.source.JWKSetRetrievalException;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.switchboard.subjects.SwitchboardHeaders;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.RequestFailureMessage;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the bridge's JWK set by request/reply on NATS. Each call is one request; nimbus's {@link
 * JWKSourceBuilder} wraps it with caching, rate limiting and outage tolerance. Failures are {@link
 * com.nimbusds.jose.jwk.source.JWKSetUnavailableException}s so the outage cache can step in.
 */
final class NatsJwkSetSource implements JWKSetSource<SecurityContext> {
  private static final Logger log = LoggerFactory.getLogger(NatsJwkSetSource.class);

  private final Connection connection;
  private final String subject;
  private final Duration timeout;

  NatsJwkSetSource(Connection connection, String subject, Duration timeout) {
    this.connection = connection;
    this.subject = subject;
    this.timeout = timeout;
  }

  @Override
  public JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws JWKSetRetrievalException, JWKSetParseException {
    JWKSet keys = parse(body(request()));
    log.debug("fetched a JWK set of {} key(s) on {}", keys.size(), subject);
    return keys;
  }

  private Message request() throws JWKSetRetrievalException {
    Message reply;
    try {
      reply = connection.request(subject, null, timeout);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new JWKSetRetrievalException(
          "interrupted while requesting the JWK set on " + subject, interrupted);
    } catch (RuntimeException closedOrInvalid) {
      throw new JWKSetRetrievalException(
          "could not request the JWK set on " + subject + ": " + closedOrInvalid, closedOrInvalid);
    }
    // jnats answers a timeout or "no responders" with null, or with a failure message when the
    // connection uses advanced request behaviour.
    if (reply == null || reply instanceof RequestFailureMessage || reply.isStatusMessage()) {
      throw new JWKSetRetrievalException(
          "no JWK set reply on " + subject + " within " + timeout, null);
    }
    return reply;
  }

  private byte[] body(Message reply) throws JWKSetRetrievalException, JWKSetParseException {
    if (reply.getHeaders() != null
        && reply.getHeaders().containsKey(SwitchboardHeaders.SERVICE_ERROR)) {
      throw new JWKSetRetrievalException(
          "the JWK set request on "
              + subject
              + " failed: "
              + reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE)
              + " "
              + reply.getHeaders().getFirst(SwitchboardHeaders.SERVICE_ERROR),
          null);
    }
    byte[] data = reply.getData() == null ? new byte[0] : reply.getData();
    // The same cap nimbus puts on an HTTP JWK set: a few keys are a few kilobytes.
    if (data.length > JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT) {
      throw new JWKSetParseException(
          "the JWK set on "
              + subject
              + " is over "
              + JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT
              + " bytes",
          null);
    }
    return data;
  }

  private JWKSet parse(byte[] data) throws JWKSetParseException {
    try {
      return JWKSet.parse(new String(data, StandardCharsets.UTF_8));
    } catch (ParseException notAKeySet) {
      throw new JWKSetParseException(
          "the reply on " + subject + " is not a JWK set: " + notAKeySet.getMessage(), notAKeySet);
    }
  }

  @Override
  public void close() {
    // The connection belongs to the service.
  }
}
