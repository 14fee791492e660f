package dev.switchboard.bridge.nats;

import java.time.Instant;

/**
 * Where a stream replay starts.
 *
 * @param subject the (concrete) subject to replay
 * @param streamName the stream storing it, when the schema names it, else null (looked up)
 * @param fromSequence first stream sequence to deliver, or null
 * @param since first time to deliver from, or null (neither: only new messages)
 */
public record ReplayStart(String subject, String streamName, Long fromSequence, Instant since) {}
