package io.rolegate.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 algorithm itself (docs/aws-behaviour.md §3.2): canonical request, string to sign, signing key, signature.
 * Shared by {@link SigV4Verifier} and {@link SigV4Signer}; public so tests and tools can show the intermediate forms.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final String X_AMZ_SIGNATURE = "X-Amz-Signature";

    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private SigV4() {
    }

    /**
     * The canonical request: {@code Method\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\n\nSignedHeaders\nPayloadHash}.
     *
     * @param signedHeaders lower-cased, sorted header names; a listed header absent from the request contributes no line
     * @param presigned     exclude X-Amz-Signature from the canonical query
     */
    public static String canonicalRequest(HttpRequestParts request, List<String> signedHeaders, boolean presigned,
                                          String payloadHash) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(request.method()).append('\n');
        sb.append(UriEncoding.canonicalPath(request.rawPath())).append('\n');
        appendCanonicalQuery(sb, request.rawQuery(), presigned);
        sb.append('\n');
        Map<String, List<String>> headers = request.headers();
        for (String name : signedHeaders) {
            List<String> values = headers.get(name);
            if (values == null || values.isEmpty()) {
                continue;
            }
            sb.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendTrimmedCollapsed(sb, values.get(i));
            }
            sb.append('\n');
        }
        sb.append('\n');
        for (int i = 0; i < signedHeaders.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(signedHeaders.get(i));
        }
        sb.append('\n').append(payloadHash);
        return sb.toString();
    }

    /**
     * Header value canonical form: trimmed, each run of whitespace collapsed to one space. Runs of other characters
     * are appended whole: a session token header is over a kilobyte, and this is on every request's path.
     */
    static void appendTrimmedCollapsed(StringBuilder sb, String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isWhitespace(value.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(value.charAt(end - 1))) {
            end--;
        }
        int run = start;
        int i = start;
        while (i < end) {
            if (!isWhitespace(value.charAt(i))) {
                i++;
                continue;
            }
            sb.append(value, run, i).append(' ');
            while (isWhitespace(value.charAt(i))) { // the trimmed value ends with a non-whitespace character
                i++;
            }
            run = i;
        }
        sb.append(value, run, end);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Canonical query string: decode, RFC 3986 re-encode, sort by name then value. */
    public static String canonicalQuery(String rawQuery, boolean presigned) {
        StringBuilder sb = new StringBuilder();
        appendCanonicalQuery(sb, rawQuery, presigned);
        return sb.toString();
    }

    private static void appendCanonicalQuery(StringBuilder sb, String rawQuery, boolean presigned) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        List<String[]> pairs = new ArrayList<>();
        int start = 0;
        int n = rawQuery.length();
        while (start <= n) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                String rawName = eq < 0 || eq > end ? rawQuery.substring(start, end) : rawQuery.substring(start, eq);
                String rawValue = eq < 0 || eq > end ? "" : rawQuery.substring(eq + 1, end);
                String name = UriEncoding.canonicalQueryComponent(rawName);
                if (!(presigned && name.equals(X_AMZ_SIGNATURE))) {
                    pairs.add(new String[] {name, UriEncoding.canonicalQueryComponent(rawValue)});
                }
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        if (pairs.size() > 1) {
            pairs.sort((a, b) -> {
                int c = a[0].compareTo(b[0]);
                return c != 0 ? c : a[1].compareTo(b[1]);
            });
        }
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                sb.append('&');
            }
            sb.append(pairs.get(i)[0]).append('=').append(pairs.get(i)[1]);
        }
    }

    /** {@code AWS4-HMAC-SHA256\n<amzDate>\n<scope>\n<hex sha256(canonicalRequest)>}, no trailing newline. */
    public static String stringToSign(String amzDate, String credentialScope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    public static String credentialScope(String scopeDate, String region, String service) {
        return scopeDate + "/" + region + "/" + service + "/" + TERMINATOR;
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request"). */
    public static byte[] signingKey(String secretAccessKey, String scopeDate, String region, String service) {
        byte[] k = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scopeDate);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, TERMINATOR);
    }

    /** Lower-case hex HMAC-SHA256 of the string to sign. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return hex(hmac(signingKey, stringToSign));
    }

    public static String sha256Hex(byte[] data) {
        MessageDigest md = SHA256.get();
        md.reset();
        return hex(md.digest(data));
    }

    static byte[] hmac(byte[] key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 key rejected", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX_LOWER[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX_LOWER[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** ISO-8601 basic format, {@code yyyyMMdd'T'HHmmss'Z'}, in UTC. */
    public static String formatAmzDate(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        char[] c = new char[16];
        put(c, 0, t.getYear(), 4);
        put(c, 4, t.getMonthValue(), 2);
        put(c, 6, t.getDayOfMonth(), 2);
        c[8] = 'T';
        put(c, 9, t.getHour(), 2);
        put(c, 11, t.getMinute(), 2);
        put(c, 13, t.getSecond(), 2);
        c[15] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
