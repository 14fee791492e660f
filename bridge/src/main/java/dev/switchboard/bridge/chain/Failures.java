package dev.switchboard.bridge.chain;

import dev.switchboard.bridge.errors.BridgeException;
import dev.switchboard.subjects.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for failed stages and their causes. */
public final class Failures {
  private Failures() {}

  /** The real cause behind the wrappers that {@code CompletableFuture} adds. */
  public static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** The code a failure will be reported with; {@code null} for success. */
  public static ErrorCode codeOf(Throwable error) {
    if (error == null) {
      return null;
    }
    return unwrap(error) instanceof BridgeException bridge ? bridge.code() : ErrorCode.INTERNAL;
  }

  static <T> CompletableFuture<T> failed(Throwable error) {
    return CompletableFuture.failedFuture(unwrap(error));
  }
}
