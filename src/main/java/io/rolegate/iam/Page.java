package io.rolegate.iam;

import java.util.List;

/** One page of a listing; {@code nextMarker} is null on the last page. */
public record Page<T>(List<T> items, String nextMarker) {
    public boolean truncated() {
        return nextMarker != null;
    }

    /** A page cut by position from a short list held in memory (versions, attached policies, tags, policy names). */
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
