package dev.switchboard.subjects.responder;

/**
 * A batch item that failed: the bridge answers that item's field with a {@code SERVICE_ERROR}
 * carrying {@code serviceCode}, and the other items are unaffected. On the wire it is {@code
 * {"__error": {"code": 404, "message": "..."}}}. The message is shown to callers as is.
 *
 * @param code HTTP-like, as for {@link ServiceException}
 */
public record BatchItemError(int code, String message) {}
