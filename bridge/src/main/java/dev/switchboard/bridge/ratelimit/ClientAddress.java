package dev.switchboard.bridge.ratelimit;

import dev.switchboard.bridge.config.ConfigException;
import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where an anonymous caller comes from: the socket's peer address, or, when the peer is one of
 * {@code http.trustedProxies}, the right-most {@code X-Forwarded-For} address that is not a trusted
 * proxy (everything left of it could be written by the client itself). IPv6 callers are told apart
 * by their /64 network, the smallest block a home or a cloud instance gets, so one client cannot
 * step through its own addresses to get a fresh rate each time.
 */
public final class ClientAddress {
  private final List<IpRange> trustedProxies;

  private ClientAddress(List<IpRange> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /**
   * @param trustedProxies IP addresses or CIDR ranges ({@code http.trustedProxies})
   */
  public static ClientAddress trusting(List<String> trustedProxies) throws ConfigException {
    List<IpRange> ranges = new ArrayList<>(trustedProxies.size());
    for (String proxy : trustedProxies) {
      try {
        ranges.add(IpRange.parse(proxy));
      } catch (IllegalArgumentException invalid) {
        throw new ConfigException("http.trustedProxies: " + invalid.getMessage());
      }
    }
    return new ClientAddress(List.copyOf(ranges));
  }

  /**
   * The client's address as a key: an IPv4 address, or an IPv6 /64 network.
   *
   * @param peer the socket's remote address (an IP literal), or null when it has none
   * @param forwardedFor every {@code X-Forwarded-For} header, in order
   */
  public String of(String peer, List<String> forwardedFor) {
    byte[] address = peer != null ? IpRange.address(peer) : null;
    if (address == null) {
      // not an IP socket (a Unix domain socket): the peer is all there is
      return peer != null ? peer : "unknown";
    }
    if (forwardedFor.isEmpty() || !trusted(address)) {
      return key(address);
    }
    List<String> hops = hops(forwardedFor);
    byte[] believed = address;
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] hop = IpRange.address(hops.get(i));
      if (hop == null) {
        break; // garbage from the client, not a proxy: the last address we believe is the caller
      }
      believed = hop;
      if (!trusted(hop)) {
        break;
      }
    }
    return key(believed);
  }

  private boolean trusted(byte[] address) {
    for (IpRange range : trustedProxies) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> hops(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String hop : header.split(",")) {
        if (!hop.isBlank()) {
          hops.add(hop.trim());
        }
      }
    }
    return hops;
  }

  private static String key(byte[] address) {
    if (address.length == 4) {
      return NetUtil.bytesToIpAddress(address);
    }
    byte[] network = Arrays.copyOf(address, 16);
    Arrays.fill(network, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(network) + "/64";
  }
}
