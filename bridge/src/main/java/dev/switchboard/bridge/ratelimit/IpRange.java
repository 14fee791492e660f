package dev.switchboard.bridge.ratelimit;

import io.netty.util.NetUtil;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), or a
 * single address. Addresses are parsed as literals only, never looked up in DNS.
 */
record IpRange(byte[] network, int prefixLength) {

  /** Parses {@code address} or {@code address/prefix}; refuses anything else. */
  static IpRange parse(String text) {
    int slash = text.indexOf('/');
    byte[] address = IpRange.address(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException notANumber) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
      }
    }
    return new IpRange(address, prefix);
  }

  /**
   * The bytes of an IP literal (4 for IPv4, also for IPv4-mapped IPv6; 16 for IPv6), or null when
   * the text is not one. A port some proxies append ({@code 203.0.113.7:5123}, {@code
   * [2001:db8::1]:5123}) is ignored.
   */
  static byte[] address(String text) {
    String literal = text.trim();
    int colon = literal.indexOf(':');
    if (literal.startsWith("[") && literal.indexOf(']') > 0) {
      literal = literal.substring(1, literal.indexOf(']'));
    } else if (colon > 0 && colon == literal.lastIndexOf(':') && literal.indexOf('.') > 0) {
      literal = literal.substring(0, colon);
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      byte[] ipv4 = new byte[4];
      System.arraycopy(bytes, 12, ipv4, 0, 4);
      return ipv4;
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int whole = prefixLength / 8;
    for (int i = 0; i < whole; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[whole] & mask) == (network[whole] & mask);
  }
}
