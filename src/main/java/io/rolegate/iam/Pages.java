package io.rolegate.iam;

import java.util.List;

/** Pages cut by position from a short list held in memory (versions, attached policies, inline policy names). */
public final class Pages {
    private Pages() {
    }

    public static <T> Page<T> byPosition(List<T> all, String marker, int maxItems) {
        int start = 0;
        String after = Markers.decode(marker);
        if (after != null) {
            try {
                start = Math.max(0, Math.min(all.size(), Integer.parseInt(after)));
            } catch (NumberFormatException e) {
                start = 0;
            }
        }
        int end = Math.min(all.size(), start + maxItems);
        return new Page<>(List.copyOf(all.subList(start, end)), end < all.size() ? Markers.encode(Integer.toString(end)) : null);
    }
}
