package dev.switchboard.subjects.responder;

/**
 * Answers one request. Return a {@link Reply}; throw {@link ServiceException} for a coded error the
 * caller may see. Any other exception is logged with the correlation id and answered with a generic
 * {@code 500} error: its text is never sent.
 */
@FunctionalInterface
public interface Handler {
  Reply handle(Request request) throws Exception;
}
