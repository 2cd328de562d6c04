package io.rolegate.api;

import io.rolegate.sigv4.HttpRequestParts;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The request as received, for SigV4: header names lower-cased, the host of HTTP/2 taken from :authority. */
final class EdgeRequests {
    private EdgeRequests() {
    }

    static HttpRequestParts parts(HttpServerRequest request, byte[] body) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            lower.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(h.getValue());
        }
        if (!lower.containsKey("host") && request.authority() != null) {
            // HTTP/2 carries the host as :authority; SigV4 signs it as "host".
            lower.put("host", List.of(request.authority().toString()));
        }
        return new HttpRequestParts(request.method().name(), request.path(), request.query(), lower, body);
    }

    /** The caller asked for JSON (the STS JSON error shape) rather than XML. */
    static boolean wantsJson(HttpServerRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    static String sourceIp(HttpServerRequest request) {
        SocketAddress address = request.remoteAddress(); // once: Vert.x Web works it out from the Forwarded headers
        return address == null ? null : address.hostAddress();
    }
}
