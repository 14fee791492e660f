package dev.switchboard.bridge.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole configuration, as read from YAML (see {@link ConfigLoader}). Every default lives in the
 * compact constructors here, in one place.
 *
 * @param dev development mode: GraphiQL on, error details (subjects, causes) shown to clients
 * @param logging log levels and the access log
 * @param reload SIGHUP and file-watch reloads (see {@code reload/Reloader})
 * @param deadLetters the dead-letter stream for mutations and publishes that finally fail (off
 *     unless configured)
 */
public record BridgeConfig(
    HttpConfig http,
    NatsConfig nats,
    SchemaConfig schema,
    RequestsConfig requests,
    AuthConfig auth,
    AuthorizationConfig authorization,
    IdentityConfig identity,
    SubscriptionsConfig subscriptions,
    LimitsConfig limits,
    GraphQLConfig graphql,
    DocumentsConfig documents,
    RateLimitsConfig rateLimits,
    ManagementConfig management,
    boolean dev,
    LoggingConfig logging,
    TelemetryConfig telemetry,
    ReloadConfig reload,
    DeadLettersConfig deadLetters) {

  public BridgeConfig {
    limits = limits != null ? limits : LimitsConfig.defaults();
    graphql = graphql != null ? graphql : GraphQLConfig.defaults();
    documents = documents != null ? documents : DocumentsConfig.defaults();
    rateLimits = rateLimits != null ? rateLimits : RateLimitsConfig.defaults();
    management = management != null ? management : ManagementConfig.defaults();
    logging = logging != null ? logging : LoggingConfig.defaults();
    auth = auth != null ? auth : AuthConfig.defaults();
    authorization = authorization != null ? authorization : AuthorizationConfig.defaults();
    identity = identity != null ? identity : IdentityConfig.defaults();
    subscriptions = subscriptions != null ? subscriptions : SubscriptionsConfig.defaults();
    http =
        http != null
            ? http
            : new HttpConfig(
                null, null, null, null, null, null, null, null, null, null, null, null);
    nats = nats != null ? nats : NatsConfig.defaults();
    schema = schema != null ? schema : new SchemaConfig(null);
    requests = requests != null ? requests : new RequestsConfig(null, null, null, null);
    telemetry = telemetry != null ? telemetry : TelemetryConfig.defaults();
    reload = reload != null ? reload : ReloadConfig.defaults();
    deadLetters = deadLetters != null ? deadLetters : DeadLettersConfig.defaults();
  }

  /** GraphiQL is served when asked for, and by default in dev mode. */
  public boolean graphiqlEnabled() {
    return http.graphiql() != null ? http.graphiql() : dev;
  }

  /** Introspection is answered when asked for, and by default in dev mode only. */
  public boolean introspectionEnabled() {
    return graphql.introspection() != null ? graphql.introspection() : dev;
  }

  /**
   * @param host address to bind
   * @param port HTTP port; 0 picks a free one
   * @param maxBodyBytes largest request body; larger ones get 413
   * @param graphiql serve GraphiQL at /graphiql (default: the value of {@code dev})
   * @param eventLoops Vert.x event loops serving HTTP (default: number of CPU cores)
   * @param documentCache how many parsed and validated GraphQL documents to keep
   * @param allowedOrigins browser origins allowed to open WebSocket and SSE streams (and to call
   *     cross-origin); empty means the bridge's own origin only, {@code ["*"]} any origin
   * @param idleTimeout connections with no traffic (idle, or a request half sent) are closed after
   *     this long
   * @param maxConnections open connections at once; more are closed as they arrive
   * @param shutdownDelay on SIGTERM, how long {@code /readyz} says "draining" while requests are
   *     still served, before the listener closes
   * @param trustedProxies addresses (IPs or CIDR ranges) of proxies whose {@code X-Forwarded-For}
   *     is believed when telling anonymous callers apart
   * @param graphiqlQuery the query GraphiQL opens on (the demo's example; default: GraphiQL's own)
   */
  public record HttpConfig(
      String host,
      Integer port,
      Long maxBodyBytes,
      Boolean graphiql,
      Integer eventLoops,
      Integer documentCache,
      List<String> allowedOrigins,
      Duration idleTimeout,
      Integer maxConnections,
      Duration shutdownDelay,
      List<String> trustedProxies,
      String graphiqlQuery) {
    public HttpConfig {
      idleTimeout = idleTimeout != null ? idleTimeout : Duration.ofSeconds(60);
      maxConnections = maxConnections != null ? maxConnections : 10_000;
      shutdownDelay = shutdownDelay != null ? shutdownDelay : Duration.ofSeconds(5);
      trustedProxies = trustedProxies != null ? List.copyOf(trustedProxies) : List.of();
      allowedOrigins = allowedOrigins != null ? List.copyOf(allowedOrigins) : List.of();
      host = host != null ? host : "0.0.0.0";
      port = port != null ? port : 8080;
      maxBodyBytes = maxBodyBytes != null ? maxBodyBytes : 1024 * 1024L;
      eventLoops = eventLoops != null ? eventLoops : Runtime.getRuntime().availableProcessors();
      documentCache = documentCache != null ? documentCache : 1000;
    }
  }

  /**
   * @param files SDL files (relative to the config file, or {@code classpath:...})
   */
  public record SchemaConfig(List<String> files) {
    public SchemaConfig {
      files = listOf(files, "schema.files");
    }
  }

  /**
   * Defaults for {@code @natsRequest} fields that do not set their own.
   *
   * @param timeout deadline of a whole call, retries included
   * @param retries extra attempts for queries when nobody answers
   * @param anonymousIdempotencyKeys accept idempotency keys from anonymous callers (they all share
   *     one identity, so their keys can collide)
   */
  public record RequestsConfig(
      Duration timeout, Integer retries, RetryConfig retry, Boolean anonymousIdempotencyKeys) {
    public RequestsConfig {
      anonymousIdempotencyKeys =
          anonymousIdempotencyKeys != null ? anonymousIdempotencyKeys : false;
      timeout = timeout != null ? timeout : Duration.ofSeconds(5);
      retries = retries != null ? retries : 2;
      retry = retry != null ? retry : new RetryConfig(null, null, null, null);
    }
  }

  /**
   * @param backoff delay before the first retry; doubles each time, with jitter
   * @param maxBackoff longest delay between attempts
   * @param budgetRatio retries allowed per call across the bridge (0.2 = one retry per five calls)
   * @param minPerSecond retries always allowed per second, whatever the ratio
   */
  public record RetryConfig(
      Duration backoff, Duration maxBackoff, Double budgetRatio, Integer minPerSecond) {
    public RetryConfig {
      backoff = backoff != null ? backoff : Duration.ofMillis(25);
      maxBackoff = maxBackoff != null ? maxBackoff : Duration.ofSeconds(1);
      budgetRatio = budgetRatio != null ? budgetRatio : 0.2;
      minPerSecond = minPerSecond != null ? minPerSecond : 10;
    }
  }

  /**
   * A copy of a YAML list. An empty entry ({@code [~]} or {@code [a, , b]}) is refused by name:
   * with {@code List.copyOf} alone it surfaced as a NullPointerException inside Jackson's message.
   */
  static List<String> listOf(List<String> items, String key) {
    if (items == null) {
      return List.of();
    }
    if (items.stream()
        .anyMatch(java.util.Objects::isNull)) { // not contains(null): List.of() throws on it
      throw new IllegalArgumentException(key + " has an empty entry");
    }
    return List.copyOf(items);
  }

  /** The same config with other NATS URLs (the demo fills them in after starting a server). */
  public BridgeConfig withNatsUrls(List<String> urls) {
    return with(http, nats.withUrls(urls), new SchemaConfig(schema.files()));
  }

  /** The same config with other schema files. */
  public BridgeConfig withSchemaFiles(List<String> files) {
    return with(http, nats, new SchemaConfig(files));
  }

  /** The same config on another HTTP port. */
  public BridgeConfig withHttpPort(int port) {
    HttpConfig changed =
        new HttpConfig(
            http.host(),
            port,
            http.maxBodyBytes(),
            http.graphiql(),
            http.eventLoops(),
            http.documentCache(),
            http.allowedOrigins(),
            http.idleTimeout(),
            http.maxConnections(),
            http.shutdownDelay(),
            http.trustedProxies(),
            http.graphiqlQuery());
    return with(changed, nats, schema);
  }

  private BridgeConfig with(HttpConfig http, NatsConfig nats, SchemaConfig schema) {
    return new BridgeConfig(
        http,
        nats,
        schema,
        requests,
        auth,
        authorization,
        identity,
        subscriptions,
        limits,
        graphql,
        documents,
        rateLimits,
        management,
        dev,
        logging,
        telemetry,
        reload,
        deadLetters);
  }
}
