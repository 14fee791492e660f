package dev.switchboard.bridge.contracts;

/**
 * One difference between two versions of the contract that matters to clients or services.
 *
 * @param level how bad it is
 * @param kind what changed: {@code schema} (the GraphQL API, for clients), {@code subject}, {@code
 *     binding}, {@code connection}, {@code delivery}, {@code request}, {@code reply}, {@code
 *     publish} or {@code event} (for services)
 * @param path where: a type, a field coordinate, or a field and a path into its payload
 * @param message what changed, in words
 */
public record Change(Level level, String kind, String path, String message) {
  /** Breaking changes fail {@code diff}; dangerous ones are worth a look. */
  public enum Level {
    BREAKING,
    DANGEROUS
  }

  /** {@code BREAKING subject Query.orders: changed orders.list -> orders.all}. */
  public String line() {
    return level + " " + kind + " " + path + ": " + message;
  }
}
