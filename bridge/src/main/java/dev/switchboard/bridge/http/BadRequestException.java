package dev.switchboard.bridge.http;

/** The HTTP request is not a GraphQL request we can run; answered with the given status. */
final class BadRequestException extends Exception {
  private final int status;

  BadRequestException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
