package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** Opaque pagination markers: the base64url of the last sort key returned. */
public final class Markers {
    private Markers() {
    }

    public static String decode(String marker) {
        if (marker == null || marker.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsException(ErrorCode.InvalidInput, "Invalid Marker: " + marker);
        }
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** Cuts a list fetched with limit+1 rows into a page. */
    public static <T> Page<T> page(List<T> fetched, int maxItems, Function<T, String> sortKey) {
        if (fetched.size() <= maxItems) {
            return new Page<>(fetched, null);
        }
        List<T> items = List.copyOf(fetched.subList(0, maxItems));
        return new Page<>(items, encode(sortKey.apply(items.get(maxItems - 1))));
    }
}
