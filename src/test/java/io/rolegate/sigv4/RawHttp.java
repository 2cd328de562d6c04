package io.rolegate.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Test helper: reads the AWS test-suite request files (.req/.sreq) into {@link HttpRequestParts}. */
final class RawHttp {
    private RawHttp() {
    }

    /**
     * Format: {@code METHOD URI HTTP/1.1}, header lines {@code Name:value}, a blank line, the body. The URI may hold a
     * raw space (get-space), so the method ends at the first space and the protocol starts at the last one.
     * A line starting with whitespace continues the previous header (obsolete line folding); the suite's expected
     * canonical form (get-header-value-multiline) treats each continuation as one more value of that header, so it
     * is added as such.
     */
    static HttpRequestParts parse(String text) {
        String[] lines = text.split("\n", -1);
        String first = lines[0];
        String method = first.substring(0, first.indexOf(' '));
        String uri = first.substring(first.indexOf(' ') + 1, first.lastIndexOf(' '));
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String lastName = null;
        int i = 1;
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                i++;
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && lastName != null) {
                headers.get(lastName).add(line.trim());
                continue;
            }
            int colon = line.indexOf(':');
            lastName = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(lastName, k -> new ArrayList<>()).add(line.substring(colon + 1));
        }
        StringBuilder body = new StringBuilder();
        for (int j = i; j < lines.length; j++) {
            if (j > i) {
                body.append('\n');
            }
            body.append(lines[j]);
        }
        return new HttpRequestParts(method, path, query, headers, body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
