package dev.switchboard.bridge.demo;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /demo/token?sub=alice&roles=customer&tenant=acme&scopes=audit:read}: a dev token as
 * plain text, so {@code TOKEN=$(curl -s ...)} works. Only the demo command adds this route.
 */
public final class DemoTokenRoute {
  public static final String PATH = "/demo/token";
  private static final Duration LIFETIME = Duration.ofHours(1);

  private DemoTokenRoute() {}

  public static void add(Router router, DevIdentityProvider provider) {
    router
        .get(PATH)
        .handler(
            routing -> {
              MultiMap params = routing.queryParams();
              Map<String, Object> claims = new LinkedHashMap<>();
              if (params.get("tenant") != null) {
                claims.put("tenant", params.get("tenant"));
              }
              if (params.get("email") != null) {
                claims.put("email", params.get("email"));
              }
              String token =
                  provider.mint(
                      params.get("sub") != null ? params.get("sub") : "alice",
                      list(params.get("roles")),
                      list(params.get("scopes")),
                      claims,
                      LIFETIME);
              routing.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end(token);
            });
  }

  private static List<String> list(String commaOrSpaceSeparated) {
    if (commaOrSpaceSeparated == null || commaOrSpaceSeparated.isBlank()) {
      return List.of();
    }
    return Arrays.stream(commaOrSpaceSeparated.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
  }
}
