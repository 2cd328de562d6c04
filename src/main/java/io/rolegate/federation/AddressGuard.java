package io.rolegate.federation;

import io.rolegate.policy.Cidr;

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
import java.util.stream.Stream;

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

    private static final List<Cidr> BLOCKED = Stream.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32", "100::/64")
            .map(AddressGuard::cidr).toList();

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
                cidrs.add(cidr(entry));
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

    /** An address range or a bare address (= /32 or /128), never looked up in DNS. */
    private static Cidr cidr(String text) {
        Cidr parsed = Cidr.parse(text);
        if (parsed == null) {
            throw new IllegalArgumentException("not an IP address or CIDR: " + text);
        }
        return parsed;
    }

    private boolean inAllowedCidr(InetAddress address) {
        for (Cidr c : allowedCidrs) {
            if (c.contains(address.getAddress())) {
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
            if (c.contains(address.getAddress())) {
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
}
