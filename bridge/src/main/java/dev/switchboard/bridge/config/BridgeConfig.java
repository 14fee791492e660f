package dev.switchboard.bridge.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole configuration, as read from YAML (see {@link ConfigLoader}). Every default lives in the
 * compact constructors here, in one place.
 *
 * @param dev development mode: GraphiQL on, error details (subjects, causes) shown to clients
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
    boolean dev) {

  public BridgeConfig {
    auth = auth != null ? auth : AuthConfig.defaults();
    authorization = authorization != null ? authorization : AuthorizationConfig.defaults();
    identity = identity != null ? identity : IdentityConfig.defaults();
    subscriptions = subscriptions != null ? subscriptions : SubscriptionsConfig.defaults();
    http = http != null ? http : new HttpConfig(null, null, null, null, null, null, null);
    nats = nats != null ? nats : new NatsConfig(null, null, null, null, null, null, null);
    schema = schema != null ? schema : new SchemaConfig(null);
    requests = requests != null ? requests : new RequestsConfig(null, null, null);
  }

  /** GraphiQL is served when asked for, and by default in dev mode. */
  public boolean graphiqlEnabled() {
    return http.graphiql() != null ? http.graphiql() : dev;
  }

  /**
   * @param host address to bind
   * @param port HTTP port; 0 picks a free one
   * @param maxBodyBytes largest request body; larger ones get 413
   * @param graphiql serve GraphiQL at /graphiql (default: the value of {@code dev})
   * @param eventLoops Vert.x event loops serving HTTP (default: number of CPU cores)
   * @param documentCache how many parsed and validated GraphQL documents to keep
   * @param allowedOrigins browser origins allowed to open WebSocket and SSE streams (and to call
   *     cross-origin); empty means any origin
   */
  public record HttpConfig(
      String host,
      Integer port,
      Long maxBodyBytes,
      Boolean graphiql,
      Integer eventLoops,
      Integer documentCache,
      List<String> allowedOrigins) {
    public HttpConfig {
      allowedOrigins = allowedOrigins != null ? List.copyOf(allowedOrigins) : List.of();
      host = host != null ? host : "0.0.0.0";
      port = port != null ? port : 8080;
      maxBodyBytes = maxBodyBytes != null ? maxBodyBytes : 1024 * 1024L;
      eventLoops = eventLoops != null ? eventLoops : Runtime.getRuntime().availableProcessors();
      documentCache = documentCache != null ? documentCache : 1000;
    }
  }

  /**
   * @param urls NATS servers; empty means "none configured" (the demo then starts one)
   * @param name connection name shown in NATS monitoring
   * @param token token authentication
   * @param user user/password authentication
   * @param password user/password authentication
   * @param credsFile a NATS .creds file (JWT + nkey seed)
   * @param connectTimeout how long one connection attempt may take
   */
  public record NatsConfig(
      List<String> urls,
      String name,
      String token,
      String user,
      String password,
      String credsFile,
      Duration connectTimeout) {
    public NatsConfig {
      urls = listOf(urls, "nats.urls");
      name = name != null ? name : "switchboard";
      connectTimeout = connectTimeout != null ? connectTimeout : Duration.ofSeconds(2);
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
   */
  public record RequestsConfig(Duration timeout, Integer retries, RetryConfig retry) {
    public RequestsConfig {
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
  private static List<String> listOf(List<String> items, String key) {
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
    NatsConfig changed =
        new NatsConfig(
            urls,
            nats.name(),
            nats.token(),
            nats.user(),
            nats.password(),
            nats.credsFile(),
            nats.connectTimeout());
    return new BridgeConfig(
        http, changed, schema, requests, auth, authorization, identity, subscriptions, dev);
  }

  /** The same config with other schema files. */
  public BridgeConfig withSchemaFiles(List<String> files) {
    return new BridgeConfig(
        http,
        nats,
        new SchemaConfig(files),
        requests,
        auth,
        authorization,
        identity,
        subscriptions,
        dev);
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
            http.allowedOrigins());
    return new BridgeConfig(
        changed, nats, schema, requests, auth, authorization, identity, subscriptions, dev);
  }
}
