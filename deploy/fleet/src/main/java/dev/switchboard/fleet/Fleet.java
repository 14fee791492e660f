package dev.switchboard.fleet;

import java.util.Arrays;

/**
 * The fleet's own processes in one jar: {@code java -jar switchboard-fleet.jar <command> ...}.
 * deploy/fleet.sh and deploy/fleet-test.sh call it; each command says its options when one is
 * missing.
 */
public final class Fleet {
  private static final String USAGE =
      "usage: switchboard-fleet.jar key|streams|responder|load|check|feed [--option value...]";

  private Fleet() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    Args options = new Args(Arrays.copyOfRange(args, 1, args.length));
    switch (args[0]) {
      case "key" -> SigningKey.main(options);
      case "streams" -> FleetStreams.main(options);
      case "responder" -> FleetResponder.main(options);
      case "load" -> LoadDriver.main(options);
      case "check" -> StreamCheck.main(options);
      case "feed" -> FeedPublisher.main(options);
      default -> {
        System.err.println("unknown command '" + args[0] + "'\n" + USAGE);
        System.exit(2);
      }
    }
  }
}
