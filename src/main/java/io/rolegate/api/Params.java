package io.rolegate.api;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a Query request: the query string and a form body merged (the first value of a repeated name wins).
 * Limits guard the parser itself; per-member limits are checked by {@link Validation}.
 */
public final class Params {
    static final int MAX_PARAMETERS = 2_000;

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Parses {@code a=b&c=d} sources in order; later sources do not override earlier names. */
    static Params parse(String... encodedSources) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String source : encodedSources) {
            if (source == null || source.isEmpty()) {
                continue;
            }
            for (String pair : source.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                if (out.size() >= MAX_PARAMETERS) {
                    throw new AwsException(ErrorCode.MalformedQueryString, "Too many parameters in the request");
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                out.putIfAbsent(name, value);
            }
        }
        return new Params(out);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsException(ErrorCode.MalformedQueryString, "The query string is malformed: bad percent-encoding");
        }
    }

    public String get(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** Values of a non-flattened list: {@code Name.member.1}, {@code Name.member.2}, ... (stops at the first gap). */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            String v = values.get(name + ".member." + i);
            if (v == null) {
                return out;
            }
            out.add(v);
        }
    }

    /** Structures of a list: {@code Name.member.N.Field} for each field, as maps field -> value. */
    public List<Map<String, String>> structs(String name, String... fields) {
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; ; i++) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String f : fields) {
                String v = values.get(name + ".member." + i + "." + f);
                if (v != null) {
                    m.put(f, v);
                }
            }
            if (m.isEmpty()) {
                return out;
            }
            out.add(m);
        }
    }
}
