package io.rolegate.policy;

/**
 * An IPv4 or IPv6 network, for the IpAddress/NotIpAddress conditions and for the federation's address guard; a bare
 * address is a /32 or /128. Parsed by hand: never through InetAddress, which may resolve host names.
 */
public record Cidr(byte[] network, int prefix) {

    /** The network, or null when the text is not an IP literal with an optional prefix length. */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] addr = address(slash < 0 ? t : t.substring(0, slash));
        if (addr == null) {
            return null;
        }
        int prefix = addr.length * 8;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !allDigits(p)) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > addr.length * 8) {
                return null;
            }
        }
        return new Cidr(addr, prefix);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether an address (4 or 16 bytes) is inside; an IPv4 address is never inside an IPv6 network. */
    public boolean contains(byte[] addr) {
        if (addr.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (addr[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (addr[full] & mask) == (network[full] & mask);
    }

    /** 4 or 16 bytes, or null when the text is not an IP literal. */
    static byte[] address(String s) {
        return s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
    }

    /** Four dot-separated parts of 1-3 digits, each at most 255; parsed without allocating (a request's aws:SourceIp). */
    private static byte[] ipv4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0, n = s.length(); i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part == 4 || value > 255) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] ipv6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        byte[] out = new byte[16];
        if (dbl < 0) {
            return fill(s, out, 0, 16) ? out : null;
        }
        String head = s.substring(0, dbl);
        String tail = s.substring(dbl + 2);
        byte[] h = new byte[16];
        byte[] tl = new byte[16];
        int hn = groups(head, h);
        int tn = groups(tail, tl);
        if (hn < 0 || tn < 0 || hn + tn > 14) {
            return null;
        }
        System.arraycopy(h, 0, out, 0, hn);
        System.arraycopy(tl, 0, out, 16 - tn, tn);
        return out;
    }

    private static boolean fill(String s, byte[] out, int from, int len) {
        byte[] tmp = new byte[16];
        int n = groups(s, tmp);
        if (n != len) {
            return false;
        }
        System.arraycopy(tmp, 0, out, from, n);
        return true;
    }

    /** Parses colon-separated hex groups (the last may be a dotted IPv4) into out; returns bytes written or -1. */
    private static int groups(String s, byte[] out) {
        if (s.isEmpty()) {
            return 0;
        }
        String[] parts = s.split(":", -1);
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = ipv4(p);
                if (v4 == null || n + 4 > 16) {
                    return -1;
                }
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || n + 2 > 16) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            out[n++] = (byte) (v >> 8);
            out[n++] = (byte) v;
        }
        return n;
    }
}
