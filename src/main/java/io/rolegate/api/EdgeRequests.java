package io.rolegate.api;

import io.rolegate.sigv4.HttpRequestParts;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The request as received, for SigV4: header names lower-cased, the host of HTTP/2 taken from :authority. */
final class EdgeRequests {
    private EdgeRequests() {
    }

    static HttpRequestParts parts(HttpServerRequest request, HttpHeaders headers, byte[] body) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) ->
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        if (!lower.containsKey("host") && request.authority() != null) {
            // HTTP/2 carries the host as :authority; SigV4 signs it as "host".
            lower.put("host", List.of(request.authority().toString()));
        }
        return new HttpRequestParts(request.method().name(), request.path(), request.query(), lower, body);
    }

    static String sourceIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
