package io.rolegate.store;

/** LIKE patterns built from user input, with the wildcards escaped. */
final class LikePatterns {
    private LikePatterns() {
    }

    /** A pattern matching every string that starts with {@code prefix} (empty or null matches all). */
    static String prefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "%";
        }
        // H2 and PostgreSQL both use backslash as the default LIKE escape character.
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
