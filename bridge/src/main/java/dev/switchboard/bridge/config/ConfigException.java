package dev.switchboard.bridge.config;

/** A configuration problem; the message names the key and says what is expected. */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
