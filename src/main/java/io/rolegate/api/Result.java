package io.rolegate.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of a response in model order. Values are String, Number, Boolean, Instant, Result, a List of those
 * (rendered as {@code <member>} children) or a Map of strings (rendered as {@code <entry><key/><value/></entry>}). Null values are omitted, as AWS omits null members.
 */
public final class Result {
    private final Map<String, Object> members = new LinkedHashMap<>();

    public static Result of() {
        return new Result();
    }

    public Result put(String name, Object value) {
        if (value != null) {
            members.put(name, value);
        }
        return this;
    }

    public Result list(String name, List<?> values) {
        members.put(name, values == null ? List.of() : new ArrayList<>(values));
        return this;
    }

    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }

    public Object get(String name) {
        return members.get(name);
    }

    static String format(Object scalar) {
        if (scalar instanceof Instant i) {
            return AwsTimestamps.format(i);
        }
        return String.valueOf(scalar);
    }
}
