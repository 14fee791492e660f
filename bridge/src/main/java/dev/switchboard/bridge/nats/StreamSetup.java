package dev.switchboard.bridge.nats;

import dev.switchboard.subjects.SubjectPattern;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a stream the bridge writes to exists and stores its subjects: creates it when allowed,
 * never changes one that exists. Blocking (JetStream management calls): run it off the event loops.
 */
final class StreamSetup {
  private static final Logger log = LoggerFactory.getLogger(StreamSetup.class);

  /** JetStream's error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;

  private StreamSetup() {}

  /**
   * @throws IllegalStateException naming the stream and what is wrong with it
   */
  static void ensure(JetStreamManagement streams, StreamSpec spec) throws IOException {
    StreamInfo info;
    try {
      info = streams.getStreamInfo(spec.name());
    } catch (JetStreamApiException missing) {
      if (missing.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw refused(spec, "JetStream refused to describe it: " + missing.getMessage());
      }
      create(streams, spec);
      return;
    }
    List<String> stored = info.getConfiguration().getSubjects();
    SubjectPattern needed = SubjectPattern.parse(spec.subjects());
    boolean covered =
        stored.stream().map(SubjectPattern::parse).anyMatch(pattern -> pattern.covers(needed));
    if (!covered) {
      throw refused(
          spec,
          "it exists but stores "
              + stored
              + ", not "
              + spec.subjects()
              + "; add that subject to the stream or name another stream");
    }
  }

  private static void create(JetStreamManagement streams, StreamSpec spec) throws IOException {
    if (spec.ifMissing() == StreamSpec.IfMissing.REFUSE) {
      throw refused(
          spec,
          "it does not exist and deadLetters.create is false; create it to store "
              + spec.subjects()
              + ", or set deadLetters.create: true");
    }
    StreamConfiguration configuration =
        StreamConfiguration.builder()
            .name(spec.name())
            .subjects(spec.subjects())
            .storageType(StorageType.File)
            .discardPolicy(DiscardPolicy.Old)
            .maxAge(spec.maxAge())
            .maxBytes(spec.maxBytes())
            .replicas(spec.replicas())
            .build();
    try {
      streams.addStream(configuration);
    } catch (JetStreamApiException refused) {
      throw refused(spec, "JetStream refused to create it: " + refused.getMessage());
    }
    log.info("created stream {} for {}", spec.name(), spec.subjects());
  }

  private static IllegalStateException refused(StreamSpec spec, String reason) {
    return new IllegalStateException("stream '" + spec.name() + "': " + reason);
  }
}
