package io.rolegate.sigv4;

import java.util.ArrayList;
import java.util.List;

/** Minimal query-string reader for the X-Amz-* parameters: decoded name/value pairs in arrival order. */
final class QueryParams {
    private QueryParams() {
    }

    static List<String[]> parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        List<String[]> pairs = new ArrayList<>();
        int start = 0;
        int n = rawQuery.length();
        while (start <= n) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String name = UriEncoding.decode(rawQuery.substring(start, hasValue ? eq : end));
                String value = hasValue ? UriEncoding.decode(rawQuery.substring(eq + 1, end)) : "";
                pairs.add(new String[] {name, value});
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return pairs;
    }

    /** First value of a parameter (names compared exactly), or null when absent. */
    static String first(List<String[]> pairs, String name) {
        for (String[] p : pairs) {
            if (p[0].equals(name)) {
                return p[1];
            }
        }
        return null;
    }
}
