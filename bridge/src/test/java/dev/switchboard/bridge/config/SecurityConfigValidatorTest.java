package dev.switchboard.bridge.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code auth}, {@code authorization} and {@code identity} checks; every refusal names the key.
 */
class SecurityConfigValidatorTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("schema.graphql"), "type Query { hello: String }\n");
    Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
  }

  /** A valid config with auth on (identity off unless asked for), changed by {@code authLines}. */
  private static String withAuth(String authLines, String more) {
    return """
        schema:
          files: [schema.graphql]
        auth:
          issuer: https://issuer.test
        """
        + authLines.indent(2)
        + more;
  }

  private static String withAuth(String authLines) {
    return withAuth(authLines, "identity:\n  enabled: false\n");
  }

  private BridgeConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, dir, Map.of(), "test.yaml");
  }

  private String failure(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(
        actual.contains(expected),
        () -> "expected to contain <" + expected + "> but was <" + actual + ">");
  }

  @Test
  void parse_validAuth_isAccepted() {
    assertDoesNotThrow(() -> parse(withAuth("audiences: [api]\njwksFile: jwks.json")));
  }

  // --- algorithms
  // ---------------------------------------------------------------------------------

  @Test
  void parse_hs256Algorithm_isRefused_listingTheAllowedOnes() {
    String message =
        failure(withAuth("audiences: [api]\njwksFile: jwks.json\nalgorithms: [RS256, HS256]"));

    assertContains("auth.algorithms: 'HS256' is not allowed", message);
    assertContains("ES256, ES384, ES512, PS256, PS384, PS512, RS256, RS384, RS512", message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "HS384", "HS512", "rs256", "EdDSA", "RSA-OAEP"})
  void parse_nonAsymmetricOrUnknownAlgorithm_isRefused(String algorithm) {
    assertContains(
        "auth.algorithms: '" + algorithm + "' is not allowed",
        failure(
            withAuth(
                "audiences: [api]\njwksFile: jwks.json\nalgorithms: [\"" + algorithm + "\"]")));
  }

  @Test
  void parse_emptyAlgorithmList_isRefused() {
    assertContains(
        "auth.algorithms must not be empty",
        failure(withAuth("audiences: [api]\njwksFile: jwks.json\nalgorithms: []")));
  }

  // --- where the keys come from -----------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://issuer.example/jwks.json",
        "http://localhost.evil.example/jwks.json",
        "http://127.0.0.1@evil.example/jwks.json",
        "http://10.0.0.1/jwks.json",
        "ftp://localhost/jwks.json",
        "file:///etc/jwks.json"
      })
  void parse_jwksUrlNotHttpsAndNotLoopback_isRefused(String url) {
    assertContains(
        "auth.jwksUrl must be https",
        failure(withAuth("audiences: [api]\njwksUrl: \"" + url + "\"")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://issuer.example/jwks.json",
        "http://localhost:8080/jwks.json",
        "http://127.0.0.1:1234/jwks.json",
        "http://[::1]:1234/jwks.json"
      })
  void parse_jwksUrlHttpsOrLoopbackHttp_isAccepted(String url) {
    assertDoesNotThrow(() -> parse(withAuth("audiences: [api]\njwksUrl: \"" + url + "\"")));
  }

  @Test
  void parse_jwksUrlWithoutAHost_isRefused() {
    assertContains(
        "auth.jwksUrl", failure(withAuth("audiences: [api]\njwksUrl: \"https:///jwks.json\"")));
  }

  @Test
  void parse_bothJwksUrlAndJwksFile_isRefused() {
    assertContains(
        "set exactly one of auth.jwksUrl and auth.jwksFile",
        failure(
            withAuth(
                "audiences: [api]\njwksFile: jwks.json\njwksUrl: https://issuer.example/jwks.json")));
  }

  @Test
  void parse_neitherJwksUrlNorJwksFile_isRefused() {
    assertContains(
        "set exactly one of auth.jwksUrl and auth.jwksFile", failure(withAuth("audiences: [api]")));
  }

  @Test
  void parse_unreadableJwksFile_isRefused() {
    assertContains("auth.jwksFile", failure(withAuth("audiences: [api]\njwksFile: missing.json")));
  }

  @Test
  void parse_jwksSettingsWithoutIssuer_isRefused() {
    assertContains(
        "auth.issuer is required",
        failure(
            """
        schema:
          files: [schema.graphql]
        auth:
          audiences: [api]
          jwksUrl: https://issuer.example/jwks.json
        """));
  }

  @Test
  void parse_refetchIntervalNotShorterThanTheCacheTtl_isRefused() {
    assertContains(
        "auth.jwks.minRefetchInterval",
        failure(
            withAuth(
                """
        audiences: [api]
        jwksUrl: https://issuer.example/jwks.json
        jwks:
          cacheTtl: 1m
          minRefetchInterval: 1m
        """)));
  }

  @Test
  void parse_refreshAheadAndTimeoutsLongerThanTheCacheTtl_isRefused() {
    assertContains(
        "auth.jwks.refreshAhead",
        failure(
            withAuth(
                """
        audiences: [api]
        jwksUrl: https://issuer.example/jwks.json
        jwks:
          cacheTtl: 10s
          refreshAhead: 8s
          timeout: 2s
          minRefetchInterval: 1s
        """)));
  }

  @Test
  void parse_zeroJwksTimeout_isRefused() {
    assertContains(
        "auth.jwks.timeout",
        failure(
            withAuth(
                """
        audiences: [api]
        jwksUrl: https://issuer.example/jwks.json
        jwks:
          timeout: 0s
        """)));
  }

  @Test
  void parse_shortJwksTimings_thatFitTogether_areAccepted() {
    assertDoesNotThrow(
        () ->
            parse(
                withAuth(
                    """
        audiences: [api]
        jwksUrl: http://127.0.0.1:1/jwks.json
        jwks:
          cacheTtl: 3s
          refreshAhead: 1s
          timeout: 500ms
          minRefetchInterval: 1s
        """)));
  }

  // --- claims checks
  // ------------------------------------------------------------------------------

  @Test
  void parse_audiencesMissing_isRefused() {
    assertContains("auth.audiences is required", failure(withAuth("jwksFile: jwks.json")));
  }

  @Test
  void parse_clockSkewOverFiveMinutes_isRefused() {
    assertContains(
        "auth.clockSkew must be between 0s and 5m",
        failure(withAuth("audiences: [api]\njwksFile: jwks.json\nclockSkew: 6m")));
  }

  @Test
  void parse_clockSkewOfFiveMinutes_isAccepted() {
    assertDoesNotThrow(
        () -> parse(withAuth("audiences: [api]\njwksFile: jwks.json\nclockSkew: 5m")));
  }

  // --- authorization
  // ------------------------------------------------------------------------------

  @Test
  void parse_permissionWithAnArgsPlaceholder_isRefused_namingTheKey() {
    String message =
        failure(
            withAuth(
                "audiences: [api]\njwksFile: jwks.json",
                """
        identity:
          enabled: false
        authorization:
          roles:
            r:
              request: ["orders.{{ args.x }}.get"]
        """));

    assertTrue(message.startsWith("authorization.roles.r.request[0]"), message);
    assertContains("claims", message);
  }

  @Test
  void parse_denyPermissionWithAParentPlaceholder_isRefused_namingTheKey() {
    assertContains(
        "authorization.roles.r.deny.subscribe[1]",
        failure(
            withAuth(
                "audiences: [api]\njwksFile: jwks.json",
                """
        identity:
          enabled: false
        authorization:
          roles:
            r:
              subscribe: ["orders.>"]
              deny:
                subscribe: ["orders.admin.>", "orders.{{ parent.id }}"]
        """)));
  }

  @Test
  void parse_permissionWithAClaimsPlaceholderAndWildcards_isAccepted() {
    assertDoesNotThrow(
        () ->
            parse(
                withAuth(
                    "audiences: [api]\njwksFile: jwks.json",
                    """
        identity:
          enabled: false
        authorization:
          roles:
            customer:
              request: ["shop.{{ claims.tenant }}.>", "catalog.*.get"]
          deny:
            request: ["$SYS.>"]
        """)));
  }

  // --- identity
  // -------------------------------------------------------------------------------------

  @Test
  void parse_identityWithoutDevAndWithoutSigningKey_isRefused() {
    assertContains(
        "identity.signingKeyFile is required",
        failure(withAuth("audiences: [api]\njwksFile: jwks.json", "")));
  }

  @Test
  void parse_identityInDevModeWithoutSigningKey_isAccepted() {
    assertDoesNotThrow(
        () -> parse(withAuth("audiences: [api]\njwksFile: jwks.json", "dev: true\n")));
  }

  @Test
  void parse_identityWithAnUnreadableSigningKey_isRefused() {
    assertContains(
        "identity.signingKeyFile",
        failure(
            withAuth(
                "audiences: [api]\njwksFile: jwks.json",
                "identity:\n  signingKeyFile: missing-key.json\n")));
  }

  @Test
  void parse_publishedKeyFileThatIsTheSigningKeyFile_isRefused() throws IOException {
    Files.writeString(dir.resolve("key.json"), "{}");
    assertContains(
        "identity.publishedKeyFiles[0]: "
            + dir.resolve("key.json")
            + " is listed twice or is"
            + " identity.signingKeyFile",
        failure(
            withAuth(
                "audiences: [api]\njwksFile: jwks.json",
                "identity:\n  signingKeyFile: key.json\n  publishedKeyFiles: [./key.json]\n")));
  }

  @Test
  void parse_publishedKeyFileListedTwice_isRefused() throws IOException {
    Files.writeString(dir.resolve("key.json"), "{}");
    Files.writeString(dir.resolve("old.json"), "{}");
    assertContains(
        "identity.publishedKeyFiles[1]",
        failure(
            withAuth(
                "audiences: [api]\njwksFile: jwks.json",
                "identity:\n  signingKeyFile: key.json\n"
                    + "  publishedKeyFiles: [old.json, old.json]\n")));
  }

  @Test
  void parse_unreadablePublishedKeyFile_isRefused() throws IOException {
    Files.writeString(dir.resolve("key.json"), "{}");
    assertContains(
        "identity.publishedKeyFiles[0]: " + dir.resolve("gone.json") + " is not readable",
        failure(
            withAuth(
                "audiences: [api]\njwksFile: jwks.json",
                "identity:\n  signingKeyFile: key.json\n  publishedKeyFiles: [gone.json]\n")));
  }
}
