package io.rolegate.federation;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a tenant-supplied URL may be fetched, and to which addresses. The host is resolved ONCE here and
 * every resolved address is checked; the caller connects to exactly these addresses (no second lookup, so DNS
 * rebinding cannot swap in a private address after the check).
 *
 * <p>Rules: https only. Loopback, private (RFC 1918, CGNAT, ULA), link-local, unspecified, multicast, reserved and
 * documentation ranges are refused, also when embedded in IPv6 (mapped, compatible, NAT64, 6to4).
 * {@code allowHttpLoopback} lets loopback targets through, over http or https (local testing); plain http to any
 * non-loopback target stays refused. {@code allowedPrivate} (host names or CIDRs) lets a private IdP through (https).
 */
public final class AddressGuard {

    /** DNS resolution, injectable so tests can simulate names that resolve to private addresses. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static final List<Cidr> BLOCKED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
            Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"), Cidr.parse("192.0.2.0/24"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"), Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"),
            Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"), Cidr.parse("2001:db8::/32"), Cidr.parse("100::/64"));

    private final boolean allowHttpLoopback;
    private final Set<String> allowedHosts;
    private final List<Cidr> allowedCidrs;
    private final Resolver resolver;

    public AddressGuard(boolean allowHttpLoopback, List<String> allowedPrivate, Resolver resolver) {
        this.allowHttpLoopback = allowHttpLoopback;
        this.resolver = resolver;
        List<Cidr> cidrs = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String raw : allowedPrivate) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || entry.contains(":") || IPV4_LITERAL.matcher(entry).matches()) {
                cidrs.add(Cidr.parse(entry));
            } else {
                hosts.add(entry.toLowerCase(Locale.ROOT));
            }
        }
        this.allowedHosts = Set.copyOf(hosts);
        this.allowedCidrs = List.copyOf(cidrs);
    }

    /**
     * Checks the URL and returns the addresses to connect to (all of them passed the check).
     *
     * @throws KeyFetchFailure REFUSED when the URL or any resolved address is not allowed; UNREACHABLE when the name
     *                         does not resolve
     */
    public List<InetAddress> check(URL url) throws KeyFetchFailure {
        String scheme = url.getProtocol().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw refused("scheme " + scheme + " is not allowed");
        }
        if (url.getUserInfo() != null) {
            throw refused("URLs with user info are not allowed");
        }
        String host = bare(url.getHost());
        if (host.isEmpty()) {
            throw refused("URL has no host");
        }
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "cannot resolve " + host);
        }
        if (resolved == null || resolved.length == 0) {
            throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "cannot resolve " + host);
        }
        boolean hostAllowListed = allowedHosts.contains(host.toLowerCase(Locale.ROOT));
        boolean allLoopback = true;
        for (InetAddress address : resolved) {
            boolean loopback = isLoopback(address);
            allLoopback &= loopback;
            boolean special = loopback || isSpecial(address);
            if (!special) {
                continue;
            }
            boolean allowed = (loopback && allowHttpLoopback) || hostAllowListed || inAllowedCidr(address);
            if (!allowed) {
                throw refused(host + " resolves to a non-public address " + address.getHostAddress());
            }
        }
        if (scheme.equals("http") && !(allowHttpLoopback && allLoopback)) {
            throw refused("plain http is not allowed for " + host);
        }
        return List.copyOf(Arrays.asList(resolved));
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private boolean inAllowedCidr(InetAddress address) {
        for (Cidr c : allowedCidrs) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopback(InetAddress address) {
        InetAddress v4 = embeddedV4(address);
        return address.isLoopbackAddress() || (v4 != null && v4.isLoopbackAddress());
    }

    /** Non-public: private, link-local, unspecified, multicast, reserved, documentation (loopback handled apart). */
    static boolean isSpecial(InetAddress address) {
        InetAddress v4 = embeddedV4(address);
        if (v4 != null && v4 != address) {
            return isLoopback(v4) || isSpecial(v4);
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        for (Cidr c : BLOCKED) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The IPv4 address hidden inside an IPv6 one (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16). */
    static InetAddress embeddedV4(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address;
        }
        byte[] b = address.getAddress();
        try {
            boolean zero10 = true;
            for (int i = 0; i < 10; i++) {
                zero10 &= b[i] == 0;
            }
            if (zero10 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0 && !isAllZeroOrOne(b)))) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6));
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 bytes are always a valid address
        }
        return null;
    }

    private static boolean isAllZeroOrOne(byte[] b) {
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 0 || b[15] == 1;
    }

    private static KeyFetchFailure refused(String why) {
        return new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, why);
    }

    /** An address range; also accepts a bare address (= /32 or /128). Parsing never touches DNS. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            String s = text.trim();
            int slash = s.indexOf('/');
            String addr = slash < 0 ? s : s.substring(0, slash);
            if (!addr.contains(":") && !IPV4_LITERAL.matcher(addr).matches()) {
                throw new IllegalArgumentException("not an IP address or CIDR: " + text);
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(addr).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address or CIDR: " + text, e);
            }
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("bad prefix length: " + text);
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
