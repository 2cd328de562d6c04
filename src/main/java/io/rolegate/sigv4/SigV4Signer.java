package io.rolegate.sigv4;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Client-side SigV4 signing: the projects service signs its calls to the gateway with it, as do tests, tools and
 * benchmark scripts. Signs like the AWS SDKs for non-S3 services:
 * the payload hash is the SHA-256 of the body, the path is normalised and encoded as in {@link SigV4}.
 */
public final class SigV4Signer {
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String region;
    private final String service;

    /** @param sessionToken null for long-term credentials */
    public SigV4Signer(String accessKeyId, String secretAccessKey, String sessionToken, String region, String service) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.region = region;
        this.service = service;
    }

    /**
     * Header carrier: returns a copy of the request with {@code x-amz-date} (replaced), {@code x-amz-security-token}
     * (when this signer has a session token) and {@code authorization} set.
     *
     * @param headersToSign header names to sign, besides {@code host} and {@code x-amz-date} (always signed) and
     *                      {@code x-amz-security-token} (signed when a session token is set). The request must carry
     *                      a {@code host} header.
     */
    public HttpRequestParts sign(HttpRequestParts request, Instant time, Collection<String> headersToSign) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.remove("authorization");
        requireHost(headers);
        String amzDate = SigV4.formatAmzDate(time);
        headers.put("x-amz-date", List.of(amzDate));
        TreeSet<String> signed = lowerCased(headersToSign);
        signed.add("host");
        signed.add("x-amz-date");
        if (sessionToken != null) {
            headers.put("x-amz-security-token", List.of(sessionToken));
            signed.add("x-amz-security-token");
        }
        HttpRequestParts unsigned = new HttpRequestParts(request.method(), request.rawPath(), request.rawQuery(),
                headers, request.body());
        List<String> signedList = new ArrayList<>(signed);
        String signature = signature(unsigned, signedList, false, amzDate, time);
        headers.put("authorization", List.of(authorizationHeader(signedList, signature, time)));
        return new HttpRequestParts(request.method(), request.rawPath(), request.rawQuery(), Map.copyOf(headers),
                request.body());
    }

    /** The Authorization header value a request would carry, without changing it (x-amz-date must already be set to time). */
    public String authorization(HttpRequestParts request, Instant time, Collection<String> signedHeaders) {
        List<String> signedList = new ArrayList<>(lowerCased(signedHeaders));
        return authorizationHeader(signedList, signature(request, signedList, false, SigV4.formatAmzDate(time), time), time);
    }

    /**
     * Query carrier (presigned URL): returns a copy of the request whose query string carries X-Amz-Algorithm,
     * -Credential, -Date, -Expires, -SignedHeaders, -Security-Token (when set) and finally X-Amz-Signature.
     */
    public HttpRequestParts presign(HttpRequestParts request, Instant time, Duration expires,
                                    Collection<String> headersToSign) {
        requireHost(request.headers());
        String amzDate = SigV4.formatAmzDate(time);
        TreeSet<String> signed = lowerCased(headersToSign);
        signed.add("host");
        List<String> signedList = new ArrayList<>(signed);
        StringBuilder q = new StringBuilder();
        if (request.rawQuery() != null && !request.rawQuery().isEmpty()) {
            q.append(request.rawQuery()).append('&');
        }
        q.append("X-Amz-Algorithm=").append(SigV4.ALGORITHM)
                .append("&X-Amz-Credential=").append(UriEncoding.encode(accessKeyId + "/" + scope(time)))
                .append("&X-Amz-Date=").append(amzDate)
                .append("&X-Amz-Expires=").append(expires.toSeconds())
                .append("&X-Amz-SignedHeaders=").append(UriEncoding.encode(String.join(";", signedList)));
        if (sessionToken != null) {
            q.append("&X-Amz-Security-Token=").append(UriEncoding.encode(sessionToken));
        }
        HttpRequestParts unsigned = new HttpRequestParts(request.method(), request.rawPath(), q.toString(),
                request.headers(), request.body());
        String signature = signature(unsigned, signedList, true, amzDate, time);
        q.append("&X-Amz-Signature=").append(signature);
        return new HttpRequestParts(request.method(), request.rawPath(), q.toString(), request.headers(), request.body());
    }

    private String signature(HttpRequestParts request, List<String> signedHeaders, boolean presigned, String amzDate,
                             Instant time) {
        String creq = SigV4.canonicalRequest(request, signedHeaders, presigned, SigV4.sha256Hex(request.body()));
        String sts = SigV4.stringToSign(amzDate, scope(time), creq);
        return SigV4.signature(SigV4.signingKey(secretAccessKey, scopeDate(time), region, service), sts);
    }

    private String authorizationHeader(List<String> signedHeaders, String signature, Instant time) {
        return SigV4.ALGORITHM + " Credential=" + accessKeyId + "/" + scope(time) + ", SignedHeaders="
                + String.join(";", signedHeaders) + ", Signature=" + signature;
    }

    private String scope(Instant time) {
        return SigV4.credentialScope(scopeDate(time), region, service);
    }

    private static String scopeDate(Instant time) {
        return SigV4.formatAmzDate(time).substring(0, 8);
    }

    private static TreeSet<String> lowerCased(Collection<String> names) {
        TreeSet<String> out = new TreeSet<>();
        for (String n : names) {
            out.add(n.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static void requireHost(Map<String, List<String>> headers) {
        if (!headers.containsKey("host")) {
            throw new IllegalArgumentException("the request must carry a host header to be signed");
        }
    }

    @Override
    public String toString() {
        return "SigV4Signer[" + accessKeyId + ", " + region + "/" + service + "]";
    }
}
