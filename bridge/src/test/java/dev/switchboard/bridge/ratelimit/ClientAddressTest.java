package dev.switchboard.bridge.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.bridge.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressTest {
  private static ClientAddress trusting(String... proxies) throws ConfigException {
    return ClientAddress.trusting(List.of(proxies));
  }

  @Test
  void of_noTrustedProxies_isThePeerWhateverTheHeaderSays() throws Exception {
    assertEquals("203.0.113.7", trusting().of("203.0.113.7", List.of("198.51.100.1")));
  }

  @Test
  void of_untrustedPeer_ignoresTheHeader() throws Exception {
    assertEquals("203.0.113.7", trusting("10.0.0.0/8").of("203.0.113.7", List.of("198.51.100.1")));
  }

  @Test
  void of_trustedPeer_isTheRightMostUntrustedHop() throws Exception {
    ClientAddress address = trusting("10.0.0.0/8", "192.168.1.5");

    assertEquals(
        "198.51.100.1",
        address.of("10.1.2.3", List.of("6.6.6.6, 198.51.100.1, 192.168.1.5, 10.9.9.9")));
  }

  @Test
  void of_severalHeaders_areReadInOrder() throws Exception {
    assertEquals(
        "198.51.100.1",
        trusting("10.0.0.0/8").of("10.1.2.3", List.of("6.6.6.6", "198.51.100.1, 10.0.0.2")));
  }

  @Test
  void of_everyHopTrusted_isTheLeftMost() throws Exception {
    assertEquals("10.0.0.9", trusting("10.0.0.0/8").of("10.0.0.1", List.of("10.0.0.9, 10.0.0.2")));
  }

  @Test
  void of_garbageHop_stopsAtTheLastBelievedProxy() throws Exception {
    assertEquals("10.0.0.2", trusting("10.0.0.0/8").of("10.0.0.1", List.of("unknown, 10.0.0.2")));
  }

  @Test
  void of_trustedPeerWithoutHeader_isThePeer() throws Exception {
    assertEquals("10.0.0.1", trusting("10.0.0.0/8").of("10.0.0.1", List.of()));
  }

  @Test
  void of_hopsWithPorts_areUnderstood() throws Exception {
    ClientAddress address = trusting("10.0.0.0/8");

    assertEquals("198.51.100.1", address.of("10.0.0.1", List.of("198.51.100.1:5123")));
    assertEquals("2001:db8:1:2::/64", address.of("10.0.0.1", List.of("[2001:db8:1:2::9]:5123")));
  }

  @Test
  void of_ipv6_isKeyedByItsSlash64() throws Exception {
    ClientAddress address = trusting();

    assertEquals("2001:db8:1:2::/64", address.of("2001:db8:1:2:aaaa::1", List.of()));
    assertEquals("2001:db8:1:2::/64", address.of("2001:db8:1:2:bbbb::7", List.of()));
  }

  @Test
  void of_ipv6Proxies_andIpv4MappedPeers_areMatched() throws Exception {
    ClientAddress address = trusting("2001:db8::/32", "127.0.0.1");

    assertEquals("198.51.100.1", address.of("2001:db8:ffff::1", List.of("198.51.100.1")));
    assertEquals("198.51.100.2", address.of("::ffff:127.0.0.1", List.of("198.51.100.2")));
  }

  @Test
  void trusting_invalidEntry_namesTheKey() {
    ConfigException invalid =
        assertThrows(ConfigException.class, () -> trusting("10.0.0.0/8", "proxy.internal"));

    assertEquals(
        "http.trustedProxies: 'proxy.internal' is not an IP address or CIDR range",
        invalid.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0.0/-1"})
  void trusting_badPrefix_isRefused(String range) {
    assertThrows(ConfigException.class, () -> trusting(range));
  }

  @Test
  void ipRange_contains_honoursPartialBytes() {
    IpRange range = IpRange.parse("192.168.0.0/23");

    assertTrue(range.contains(IpRange.address("192.168.1.200")));
    assertFalse(range.contains(IpRange.address("192.168.2.1")));
    assertTrue(IpRange.parse("0.0.0.0/0").contains(IpRange.address("8.8.8.8")));
    assertFalse(IpRange.parse("0.0.0.0/0").contains(IpRange.address("::1")));
  }
}
