package dev.switchboard.bridge.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One NATS connection. The {@code nats:} block is the default connection; {@code nats.connections}
 * adds named ones (each a block of the same keys) that fields choose with the directives' {@code
 * connection:} argument.
 *
 * @param urls NATS servers; empty means "none configured" (the demo then starts one)
 * @param name connection name shown in NATS monitoring (named connections default to the default
 *     connection's name, a dash and their own name)
 * @param token token authentication
 * @param tokenFile a file holding the token (read at start, never logged)
 * @param user user/password authentication
 * @param password user/password authentication
 * @param passwordFile a file holding the password (read at start, never logged)
 * @param credsFile a NATS .creds file (JWT + nkey seed)
 * @param nkeySeedFile a file holding the NKey seed ({@code SU...}) of an NKey user; the seed is
 *     read at start and never logged
 * @param connectTimeout how long one connection attempt may take
 * @param inboxPrefix where replies (requests, JetStream acknowledgements and consumers) come back,
 *     so the bridge's NATS user needs subscribe permission on its own inboxes only, not on {@code
 *     _INBOX.>} (default: {@code _INBOX_} plus the connection name)
 * @param tls TLS settings; set means TLS even for {@code nats://} URLs
 * @param jetStream where the JetStream API lives (domain or prefix)
 * @param reconnect how the connection comes back after it dropped
 * @param connections named connections (only in the top-level {@code nats:} block)
 */
public record NatsConfig(
    List<String> urls,
    String name,
    String token,
    String tokenFile,
    String user,
    String password,
    String passwordFile,
    String credsFile,
    String nkeySeedFile,
    Duration connectTimeout,
    String inboxPrefix,
    Tls tls,
    JetStream jetStream,
    Reconnect reconnect,
    Map<String, NatsConfig> connections) {

  /** The name of the top-level {@code nats:} block among the connections. */
  public static final String DEFAULT = "default";

  public NatsConfig {
    urls = BridgeConfig.listOf(urls, "nats.urls");
    name = name != null ? name : "switchboard";
    inboxPrefix =
        inboxPrefix != null ? inboxPrefix : "_INBOX_" + name.replaceAll("[^A-Za-z0-9_-]", "_");
    connectTimeout = connectTimeout != null ? connectTimeout : Duration.ofSeconds(2);
    jetStream = jetStream != null ? jetStream : new JetStream(null, null);
    reconnect = reconnect != null ? reconnect : new Reconnect(null, null, null);
    connections = connections != null ? Map.copyOf(connections) : Map.of();
  }

  public static NatsConfig defaults() {
    return new NatsConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** TLS is used for {@code tls://} URLs and whenever {@code tls} is set. */
  public boolean usesTls() {
    return tls != null || urls.stream().anyMatch(url -> url.startsWith("tls://"));
  }

  /** Every connection by name, the default one first, then the named ones by name. */
  public Map<String, NatsConfig> byName() {
    Map<String, NatsConfig> all = new LinkedHashMap<>();
    all.put(DEFAULT, this);
    connections.keySet().stream().sorted().forEach(key -> all.put(key, connections.get(key)));
    return all;
  }

  /**
   * The config key prefix of a connection, for messages: {@code nats.} or {@code
   * nats.connections.x.}.
   */
  public static String keyPrefix(String connection) {
    return DEFAULT.equals(connection) ? "nats." : "nats.connections." + connection + ".";
  }

  public NatsConfig withUrls(List<String> changed) {
    return new NatsConfig(
        changed,
        name,
        token,
        tokenFile,
        user,
        password,
        passwordFile,
        credsFile,
        nkeySeedFile,
        connectTimeout,
        inboxPrefix,
        tls,
        jetStream,
        reconnect,
        connections);
  }

  /**
   * @param caFile PEM certificates of the CAs that sign the servers' certificates (default: the
   *     JVM's trust store)
   * @param certFile PEM client certificate (chain) for mutual TLS; goes with {@code keyFile}
   * @param keyFile PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) of the client certificate
   * @param verifyHostname check that the server's certificate names the host connected to
   */
  public record Tls(String caFile, String certFile, String keyFile, Boolean verifyHostname) {
    public Tls {
      verifyHostname = verifyHostname != null ? verifyHostname : true;
    }
  }

  /**
   * Where this connection reaches the JetStream API: a domain (leaf nodes: {@code
   * $JS.<domain>.API}) or an API prefix imported from another account; neither means this account's
   * {@code $JS.API}.
   */
  public record JetStream(String domain, String apiPrefix) {
    /** The subject prefix of the JetStream API, ending in a dot. */
    public String apiSubjectPrefix() {
      if (domain != null) {
        return "$JS." + domain + ".API.";
      }
      if (apiPrefix != null) {
        return apiPrefix.endsWith(".") ? apiPrefix : apiPrefix + ".";
      }
      return "$JS.API.";
    }
  }

  /**
   * @param delay pause between attempts to reach a server again
   * @param jitter random extra pause (up to this long), so a fleet does not reconnect in step
   * @param maxAttempts attempts before giving up for good; -1 never gives up
   */
  public record Reconnect(Duration delay, Duration jitter, Integer maxAttempts) {
    public Reconnect {
      delay = delay != null ? delay : Duration.ofMillis(250);
      jitter = jitter != null ? jitter : Duration.ofMillis(100);
      maxAttempts = maxAttempts != null ? maxAttempts : -1;
    }
  }
}
