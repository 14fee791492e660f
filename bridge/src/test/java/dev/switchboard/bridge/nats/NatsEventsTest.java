package dev.switchboard.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NatsEventsTest {
  @Test
  void withoutUserInfo_dropsUserAndPassword_fromLoggedUrls() {
    assertEquals(
        "nats://nats-a:4222", NatsEvents.withoutUserInfo("nats://bridge:s3cret@nats-a:4222"));
    assertEquals("tls://nats-a:4222", NatsEvents.withoutUserInfo("tls://token@nats-a:4222"));
    assertEquals("nats://nats-a:4222", NatsEvents.withoutUserInfo("nats://nats-a:4222"));
  }
}
