package io.rolegate.sigv4;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The request as received at the HTTP edge, before any interpretation.
 *
 * @param method   HTTP method, e.g. {@code POST}
 * @param rawPath  the path exactly as on the wire (still percent-encoded), e.g. {@code /}
 * @param rawQuery the query string exactly as on the wire, without the {@code ?}; may be null
 * @param headers  header names lower-cased; values in arrival order (one list entry per header line)
 * @param body     the raw body; may be null (treated as empty)
 * @param payloadHash the hex SHA-256 of the body when the body itself is not at hand (a request forwarded by a
 *                    downstream service without its body), or {@link SigV4#UNSIGNED_PAYLOAD}; null: hash {@code body}
 */
public record HttpRequestParts(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                               byte[] body, String payloadHash) {

    public HttpRequestParts {
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    /** A request whose body is at hand. */
    public HttpRequestParts(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                            byte[] body) {
        this(method, rawPath, rawQuery, headers, body, null);
    }

    /** The payload hash line of the canonical request: the given hash, else the SHA-256 of the body. */
    public String payloadHashOrBodyHash() {
        return payloadHash != null ? payloadHash : SigV4.sha256Hex(body);
    }

    /** The first value of a header (name in lower case), or null. */
    public String firstHeader(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // Records compare arrays by identity; compare the body by content so tests can use equals.
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpRequestParts other && method.equals(other.method) && rawPath.equals(other.rawPath)
                && java.util.Objects.equals(rawQuery, other.rawQuery) && headers.equals(other.headers)
                && Arrays.equals(body, other.body) && java.util.Objects.equals(payloadHash, other.payloadHash);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(method, rawPath, rawQuery, headers, Arrays.hashCode(body), payloadHash);
    }

    @Override
    public String toString() {
        return "HttpRequestParts[" + method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery)
                + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
