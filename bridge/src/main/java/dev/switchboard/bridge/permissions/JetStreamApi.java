package dev.switchboard.bridge.permissions;

/**
 * The JetStream subjects an ordered push consumer (jnats 2.26, nats-server 2.9 or later) uses, as
 * permission patterns. jnats creates it with one request, {@code
 * <api>CONSUMER.CREATE.<stream>.<generated name>.<filter>} (the server checks that the filter in
 * the subject is the one in the request, so the pattern pins what the consumer may read); it
 * answers the stream's flow-control and stall messages on {@code $JS.FC.<stream>...}; it never
 * acknowledges (ack policy none) and never deletes (the server drops the consumer once nobody
 * listens). Without a stream name it first asks {@code <api>STREAM.NAMES} which stream stores the
 * subject.
 *
 * @param prefix the API prefix with its final dot, e.g. {@code $JS.API.} or {@code $JS.hub.API.}
 */
record JetStreamApi(String prefix) {
  /** Stands for a stream whose name only the server knows (looked up by subject at run time). */
  static final String ANY_STREAM = "*";

  /**
   * @param filter the subscription's subject pattern
   */
  String consumerCreate(String stream, String filter) {
    // jnats leaves an unfiltered consumer's filter out of the subject
    String base = prefix + "CONSUMER.CREATE." + stream + ".*";
    return filter.equals(">") ? base : base + "." + filter;
  }

  String streamNames() {
    return prefix + "STREAM.NAMES";
  }

  /** Describing a stream: the dead-letter stream's check at start. */
  String streamInfo(String stream) {
    return prefix + "STREAM.INFO." + stream;
  }

  /** Creating a stream: the dead-letter stream, when the bridge may create it. */
  String streamCreate(String stream) {
    return prefix + "STREAM.CREATE." + stream;
  }

  /** Flow control and stall replies: sent by the client, not under the API prefix. */
  static String flowControl(String stream) {
    return "$JS.FC." + stream + ".>";
  }
}
