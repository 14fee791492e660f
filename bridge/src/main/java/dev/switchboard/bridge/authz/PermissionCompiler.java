package dev.switchboard.bridge.authz;

import dev.switchboard.bridge.auth.Caller;
import dev.switchboard.bridge.chain.CallContext.Action;
import dev.switchboard.bridge.config.AuthorizationConfig;
import dev.switchboard.bridge.config.AuthorizationConfig.Rules;
import dev.switchboard.subjects.Placeholder;
import dev.switchboard.subjects.RenderException;
import dev.switchboard.subjects.SubjectPattern;
import dev.switchboard.subjects.SubjectTemplate;
import dev.switchboard.subjects.TemplateException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a caller's {@link Permissions} from the roles they hold. {@code {{ claims.x }}} renders
 * with the one-token rule. An allow pattern whose claim is missing or unsafe grants nothing; a deny
 * pattern in that case denies for every value (its placeholder becomes {@code *}), so a missing
 * claim can never open a hole.
 */
final class PermissionCompiler {
  private final AuthorizationConfig config;

  PermissionCompiler(AuthorizationConfig config) {
    this.config = config;
  }

  Permissions compile(Caller caller) {
    Map<Action, List<SubjectPattern>> allow = empty();
    Map<Action, List<SubjectPattern>> deny = empty();
    add(deny, config.deny(), caller, true);
    for (String role : caller.roles()) {
      AuthorizationConfig.Role rules = config.roles().get(role);
      if (rules != null) {
        add(allow, rules.allow(), caller, false);
        add(deny, rules.deny(), caller, true);
      }
    }
    return new Permissions(allow, deny);
  }

  private static Map<Action, List<SubjectPattern>> empty() {
    Map<Action, List<SubjectPattern>> byAction = new EnumMap<>(Action.class);
    for (Action action : Action.values()) {
      byAction.put(action, new ArrayList<>());
    }
    return byAction;
  }

  private static void add(
      Map<Action, List<SubjectPattern>> into, Rules rules, Caller caller, boolean denying) {
    addAll(into.get(Action.REQUEST), rules.request(), caller, denying);
    addAll(into.get(Action.PUBLISH), rules.publish(), caller, denying);
    addAll(into.get(Action.SUBSCRIBE), rules.subscribe(), caller, denying);
  }

  private static void addAll(
      List<SubjectPattern> into, List<String> templates, Caller caller, boolean denying) {
    for (String text : templates) {
      SubjectTemplate template;
      try {
        template = SubjectTemplate.parse(text, SubjectTemplate.Kind.SUBSCRIBE);
      } catch (TemplateException validatedAtStart) {
        throw new IllegalStateException(validatedAtStart);
      }
      try {
        into.add(SubjectPattern.parse(template.render(p -> claim(caller, p))));
      } catch (RenderException missingOrUnsafe) {
        if (denying) {
          into.add(SubjectPattern.parse(template.widened()));
        }
      }
    }
  }

  private static Object claim(Caller caller, Placeholder placeholder) {
    Object current = caller.claims();
    for (String key : placeholder.path()) {
      if (!(current instanceof Map<?, ?> object)) {
        return null;
      }
      current = object.get(key);
    }
    return current;
  }
}
