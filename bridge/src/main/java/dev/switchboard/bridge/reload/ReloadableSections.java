package dev.switchboard.bridge.reload;

import dev.switchboard.bridge.config.BridgeConfig;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which config sections a reload applies: the schema and what checks documents against it ({@code
 * documents}, {@code limits}, {@code graphql}), {@code authorization} and {@code identity} (its
 * keys). Every other section (listeners, NATS, auth, rate limits...) keeps its running value until
 * a restart; a change there is reported, not applied. Works on the record's components, so a new
 * section is restart-only until it is listed here.
 */
final class ReloadableSections {
  static final Set<String> RELOADABLE =
      Set.of("schema", "documents", "limits", "graphql", "authorization", "identity");

  private ReloadableSections() {}

  /** The running config with the reloadable sections taken from the one just read. */
  static BridgeConfig effective(BridgeConfig running, BridgeConfig read) {
    RecordComponent[] components = BridgeConfig.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      boolean reloads = reloadable(component.getName(), running, read);
      values[i] = value(component, reloads ? read : running);
      types[i] = component.getType();
    }
    try {
      Constructor<BridgeConfig> canonical = BridgeConfig.class.getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException impossible) {
      throw new IllegalStateException("cannot rebuild the config", impossible);
    }
  }

  /** The sections that changed but apply only after a restart. */
  static List<String> needingRestart(BridgeConfig running, BridgeConfig read) {
    List<String> changed = new ArrayList<>();
    for (RecordComponent component : BridgeConfig.class.getRecordComponents()) {
      String name = component.getName();
      if (!reloadable(name, running, read)
          && !Objects.equals(value(component, running), value(component, read))) {
        changed.add(name);
      }
    }
    return changed;
  }

  /**
   * Identity reloads its keys and claims, but switching envelopes on or off needs the call chain
   * built again: a restart.
   */
  private static boolean reloadable(String section, BridgeConfig running, BridgeConfig read) {
    if (section.equals("identity")) {
      return running.identity().enabledWith(running.auth())
          == read.identity().enabledWith(read.auth());
    }
    return RELOADABLE.contains(section);
  }

  private static Object value(RecordComponent component, BridgeConfig config) {
    try {
      return component.getAccessor().invoke(config);
    } catch (IllegalAccessException | InvocationTargetException impossible) {
      throw new IllegalStateException("cannot read " + component.getName(), impossible);
    }
  }
}
