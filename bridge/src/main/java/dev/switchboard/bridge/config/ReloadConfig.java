package dev.switchboard.bridge.config;

import java.time.Duration;

/**
 * Hot reload: SIGHUP always reloads; with {@code watch} the bridge also reloads when the config
 * file, a schema file, a manifest or a key file changes.
 *
 * @param watch reload when a watched file changes (default false)
 * @param debounce how long the files must stay unchanged before a watched change reloads (editors
 *     and Kubernetes write in several steps); default 500ms
 */
public record ReloadConfig(Boolean watch, Duration debounce) {

  public ReloadConfig {
    watch = watch != null ? watch : false;
    debounce = debounce != null ? debounce : Duration.ofMillis(500);
  }

  static ReloadConfig defaults() {
    return new ReloadConfig(null, null);
  }
}
