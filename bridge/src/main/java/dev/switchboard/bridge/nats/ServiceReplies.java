package dev.switchboard.bridge.nats;

import dev.switchboard.bridge.chain.Interceptor.Chain;
import dev.switchboard.bridge.chain.NatsReply;
import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import dev.switchboard.subjects.HeaderValues;
import dev.switchboard.subjects.SwitchboardHeaders;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.util.HashMap;
import java.util.Map;

/** Reads a reply in the NATS services convention: a body, or an error in two standard headers. */
final class ServiceReplies {
  /** Service error texts are shown to clients; a runaway one is cut here. */
  static final int LONGEST_ERROR_TEXT = 500;

  private ServiceReplies() {}

  static NatsReply interpret(Message reply, Chain chain) {
    if (reply.isStatusMessage()) {
      throw new BridgeException(
          ErrorCode.SERVICE_UNAVAILABLE,
          "No service is answering this field right now.",
          Map.of(),
          "status " + reply.getStatus() + " on " + chain.request().subject(),
          null);
    }
    Headers headers = reply.getHeaders();
    if (headers == null || headers.isEmpty()) {
      return new NatsReply(reply.getData(), Map.of());
    }
    String errorText = HeaderValues.decode(headers.getFirst(SwitchboardHeaders.SERVICE_ERROR));
    String errorCode = headers.getFirst(SwitchboardHeaders.SERVICE_ERROR_CODE);
    if (errorText != null || errorCode != null) {
      throw serviceError(errorText, errorCode, chain);
    }
    Map<String, String> values = new HashMap<>();
    headers.forEach((name, list) -> values.put(name, HeaderValues.decode(list.get(0))));
    return new NatsReply(reply.getData(), values);
  }

  private static BridgeException serviceError(String text, String code, Chain chain) {
    String message =
        text == null || text.isBlank() ? "The service reported an error." : text.strip();
    if (message.length() > LONGEST_ERROR_TEXT) {
      message = message.substring(0, LONGEST_ERROR_TEXT) + "...";
    }
    Object serviceCode = parseCode(code);
    Map<String, Object> extensions =
        serviceCode == null ? Map.of() : Map.of("serviceCode", serviceCode);
    return new BridgeException(
        ErrorCode.SERVICE_ERROR,
        message,
        extensions,
        "service error " + code + " from " + chain.request().subject(),
        null);
  }

  /** The convention's codes are numbers; anything else is passed on as text. */
  private static Object parseCode(String code) {
    if (code == null || code.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(code.trim());
    } catch (NumberFormatException notNumeric) {
      return code.trim();
    }
  }
}
