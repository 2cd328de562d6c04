package io.rolegate.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** RFC 3986 percent-encoding and the SigV4 path/query canonical forms. No regex: this runs on every request. */
final class UriEncoding {
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    private static boolean allUnreserved(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isUnreserved(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Encodes every byte of the UTF-8 form except the unreserved set; space becomes %20, '%' becomes %25. */
    static String encode(String s) {
        if (allUnreserved(s)) {
            return s;
        }
        return encodeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static String encodeBytes(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /**
     * Percent-decodes into bytes. '+' stays a literal '+' (form semantics apply to bodies, not to the query string).
     * A '%' not followed by two hex digits is kept literally.
     */
    static byte[] decodeToBytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0
                    && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                // non-ASCII characters on the wire (seen in the AWS test suite): take their UTF-8 bytes
                int end = i + (Character.isHighSurrogate(c) && i + 1 < s.length() ? 2 : 1);
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return out.toByteArray();
    }

    static String decode(String s) {
        if (s.indexOf('%') < 0 && allAscii(s)) {
            return s;
        }
        return new String(decodeToBytes(s), StandardCharsets.UTF_8);
    }

    /** Decode then RFC 3986 re-encode: the canonical form of one query-string name or value. */
    static String canonicalQueryComponent(String raw) {
        if (allUnreserved(raw)) {
            return raw;
        }
        return encodeBytes(decodeToBytes(raw));
    }

    private static boolean allAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * Canonical URI for non-S3 services: remove dot segments, collapse empty segments ("//"), then encode each
     * segment. The path is encoded as it arrived (still percent-encoded), so an encoded character is encoded twice:
     * that is what the AWS SDKs and botocore do for every service except S3.
     */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        int start = 0;
        String last = "";
        int n = rawPath.length();
        while (start <= n) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? n : slash;
            String seg = rawPath.substring(start, end);
            last = seg;
            if (seg.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!seg.isEmpty() && !seg.equals(".")) {
                segments.add(seg);
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        boolean trailingSlash = rawPath.endsWith("/") || last.equals(".") || last.equals("..");
        StringBuilder sb = new StringBuilder(rawPath.length() + 8);
        for (String seg : segments) {
            sb.append('/').append(encode(seg));
        }
        if (segments.isEmpty() || trailingSlash) {
            sb.append('/');
        }
        return sb.toString();
    }
}
