package io.rolegate.authz;

import java.util.List;
import java.util.Map;

/**
 * The client's request as the downstream service received it (its body is not forwarded).
 *
 * @param method     HTTP method as received
 * @param path       the path exactly as on the wire (still percent-encoded)
 * @param query      the query string as on the wire, without '?'; null when none
 * @param headers    header names lower-cased; values in arrival order; must hold the signed {@code host}
 * @param bodySha256 hex SHA-256 of the body the service received; null: the {@code x-amz-content-sha256} header, else
 *                   the hash of an empty body
 * @param secure     the client reached the service over TLS (aws:SecureTransport); false when not said
 * @param sourceIp   the client's address as the service saw it (aws:SourceIp); only the authenticated service can
 *                   vouch for it, so it is taken as given; null when not said (then aws:SourceIp is absent)
 */
public record ForwardedRequest(String method, String path, String query, Map<String, List<String>> headers,
                               String bodySha256, boolean secure, String sourceIp) {
    public ForwardedRequest {
        headers = Map.copyOf(headers);
    }

    String header(String lowerCaseName) {
        List<String> v = headers.get(lowerCaseName);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
