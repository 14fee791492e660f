package dev.switchboard.bridge.subscriptions;

import dev.switchboard.bridge.support.Json;
import java.io.IOException;

/** Event payloads: JSON parsed once per message, however many subscribers share it. */
final class Events {
  private Events() {}

  static Object parse(byte[] data) {
    if (data == null || data.length == 0) {
      return new NotJson(0);
    }
    try {
      return Json.parse(data);
    } catch (IOException notJson) {
      return new NotJson(data.length);
    }
  }
}
