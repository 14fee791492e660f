package dev.switchboard.bridge.config;

import java.util.List;
import java.util.Map;

/**
 * Subject permissions by role. Off unless {@code roles} is set; once on, everything not allowed is
 * denied, and a deny always wins over an allow. Patterns use NATS wildcards and may contain {@code
 * {{ claims.x }}}, rendered for each caller.
 *
 * <pre>
 * authorization:
 *   roles:
 *     customer:
 *       request: ["shop.{{ claims.tenant }}.>"]
 *       deny:
 *         request: ["shop.*.admin.>"]
 *   deny:
 *     request: ["$SYS.>"]
 * </pre>
 *
 * @param roles what each role may do
 * @param deny what nobody may do
 */
public record AuthorizationConfig(Map<String, Role> roles, Rules deny) {

  public AuthorizationConfig {
    roles = roles != null ? Map.copyOf(roles) : null;
    deny = deny != null ? deny : Rules.NONE;
  }

  static AuthorizationConfig defaults() {
    return new AuthorizationConfig(null, null);
  }

  public boolean enabled() {
    return roles != null;
  }

  /** Subject patterns per action. */
  public record Rules(List<String> request, List<String> publish, List<String> subscribe) {
    public static final Rules NONE = new Rules(null, null, null);

    public Rules {
      request = request != null ? List.copyOf(request) : List.of();
      publish = publish != null ? List.copyOf(publish) : List.of();
      subscribe = subscribe != null ? List.copyOf(subscribe) : List.of();
    }
  }

  /** A role: what it may do, and exceptions to that. */
  public record Role(
      List<String> request, List<String> publish, List<String> subscribe, Rules deny) {
    public Role {
      request = request != null ? List.copyOf(request) : List.of();
      publish = publish != null ? List.copyOf(publish) : List.of();
      subscribe = subscribe != null ? List.copyOf(subscribe) : List.of();
      deny = deny != null ? deny : Rules.NONE;
    }

    public Rules allow() {
      return new Rules(request, publish, subscribe);
    }
  }
}
