package io.rolegate.iam;

import java.util.List;

/** One page of a listing; {@code nextMarker} is null on the last page. */
public record Page<T>(List<T> items, String nextMarker) {
    public boolean truncated() {
        return nextMarker != null;
    }

    /** A page cut by position from a short list held in memory (versions, attached policies, tags, policy names). */
    public static <T> Page<T> byPosition(List<T> all, String marker, int maxItems) {
        int start = Math.min(all.size(), position(marker));
        int end = Math.min(all.size(), start + maxItems);
        return new Page<>(List.copyOf(all.subList(start, end)), end < all.size() ? marker(end) : null);
    }

    /** The position a marker of a positional page names (0 for none or a foreign one). */
    public static int position(String marker) {
        String after = Markers.decode(marker);
        if (after == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(after));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The marker of the position where the next positional page starts. */
    public static String marker(int position) {
        return Markers.encode(Integer.toString(position));
    }
}
