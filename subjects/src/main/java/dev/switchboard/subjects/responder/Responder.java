package dev.switchboard.subjects.responder;

import dev.switchboard.subjects.identity.IdentityVerifier;
import io.nats.client.Connection;
import io.nats.service.Endpoint;
import io.nats.service.Service;
import io.nats.service.ServiceBuilder;
import io.nats.service.ServiceEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * A NATS service answering Switchboard requests, built on jnats {@code io.nats.service}: it shows
 * up in {@code $SRV} discovery (PING, INFO, STATS) and replies in the standard error convention.
 *
 * <pre>{@code
 * Responder orders = Responder.builder(connection, "orders", "1.0.0")
 *     .endpoint("get", "orders.*.get.*", request -> Reply.json(lookup(request)))
 *     .start();
 * }</pre>
 */
public final class Responder implements AutoCloseable {
  private final Service service;

  private Responder(Service service) {
    this.service = service;
  }

  /**
   * @param name the service name in discovery: letters, digits, {@code -} and {@code _}
   * @param version a semantic version such as {@code 1.0.0}
   */
  public static Builder builder(Connection connection, String name, String version) {
    return new Builder(connection, name, version);
  }

  public String id() {
    return service.getId();
  }

  public String name() {
    return service.getName();
  }

  /** Stops answering; requests already being handled finish (NATS drain). */
  @Override
  public void close() {
    service.stop(true);
  }

  /** Collects endpoints; validation of names and subjects happens here, at build time. */
  public static final class Builder {
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
    private final Connection connection;
    private final String name;
    private final String version;

    /** Dispatch is wired in start(), so executor() applies whether it comes before or after. */
    private final List<Map.Entry<Endpoint, Handler>> endpoints = new ArrayList<>();

    private String description = "";
    private Executor executor;
    private IdentityVerifier identityVerifier;
    private boolean identityRequired;

    private Builder(Connection connection, String name, String version) {
      this.connection = Objects.requireNonNull(connection, "connection");
      this.name = Objects.requireNonNull(name, "name");
      this.version = Objects.requireNonNull(version, "version");
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Runs handlers on this executor instead of the NATS dispatcher thread; use it when handlers
     * block or are slow, so one slow request does not hold up the others.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Verifies each request's {@code Switchboard-Identity} header with {@code verifier}; handlers
     * find the caller in {@link Request#identity()}, empty when the header is missing or invalid.
     */
    public Builder verifyIdentity(IdentityVerifier verifier) {
      this.identityVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * Answers a request without a valid identity with error {@code 401} "identity missing or
     * invalid", without running the handler. Needs {@link #verifyIdentity}.
     */
    public Builder requireIdentity() {
      this.identityRequired = true;
      return this;
    }

    /** Answers {@code subject} (wildcards allowed) with {@code handler}, in queue group "q". */
    public Builder endpoint(String endpointName, String subject, Handler handler) {
      Endpoint endpoint = Endpoint.builder().name(endpointName).subject(subject).build();
      endpoints.add(Map.entry(endpoint, Objects.requireNonNull(handler, "handler")));
      return this;
    }

    /**
     * Answers the batched requests of a {@code batchKey} field on {@code subject}: the body {@code
     * {"keys": [...]}} is parsed, {@code handler} is called once with all keys, and its items are
     * replied as one JSON array in key order ({@link BatchItemError} items fail alone). A body that
     * is not a batch is answered with error {@code 400}.
     */
    public Builder batchEndpoint(String endpointName, String subject, BatchHandler handler) {
      return endpoint(
          endpointName, subject, new BatchEndpoint(Objects.requireNonNull(handler, "handler")));
    }

    /** Registers the service; when connected, the server knows its subscriptions on return. */
    public Responder start() {
      if (endpoints.isEmpty()) {
        throw new IllegalStateException("a responder needs at least one endpoint");
      }
      if (identityRequired && identityVerifier == null) {
        // Without a verifier nothing could pass: fail here rather than answer every request 401.
        throw new IllegalStateException("requireIdentity() needs verifyIdentity(verifier)");
      }
      IdentityGate identities = new IdentityGate(identityVerifier, identityRequired);
      ServiceBuilder builder =
          Service.builder()
              .connection(connection)
              .name(name)
              .version(version)
              .description(description);
      endpoints.forEach(
          endpoint ->
              builder.addServiceEndpoint(
                  ServiceEndpoint.builder()
                      .endpoint(endpoint.getKey())
                      .handler(
                          new EndpointDispatch(
                              connection,
                              name + "/" + endpoint.getKey().getName(),
                              endpoint.getKey().getSubject(),
                              endpoint.getValue(),
                              executor,
                              identities))
                      .build()));
      Service service = builder.build();
      service.startService();
      awaitSubscriptions();
      return new Responder(service);
    }

    /**
     * The subscriptions go out asynchronously; without this a request sent right after start() can
     * find "no responders". A flush's PONG means the server has processed them.
     */
    private void awaitSubscriptions() {
      try {
        connection.flush(FLUSH_TIMEOUT);
      } catch (TimeoutException notConnected) {
        // Not connected now: the client sends the subscriptions when it (re)connects.
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
