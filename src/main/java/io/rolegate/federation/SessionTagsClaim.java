package io.rolegate.federation;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the {@code https://aws.amazon.com/tags} claim:
 * {@code {"principal_tags": {"K": ["v"]}, "transitive_tag_keys": ["K"]}} (docs/aws-behaviour.md §5.4). Each tag value
 * is a one-element array (a bare string is accepted too). Tag rules are those of AssumeRole's Tags
 * (docs/aws-behaviour.md
 * §2.1): at most 50,
 * key 1..128 and value 0..256 of {@code [\p{L}\p{Z}\p{N}_.:/=+\-@]}, no {@code aws:} prefix, keys unique ignoring
 * case; transitive keys at most 50 and each one a key of principal_tags.
 */
public record SessionTagsClaim(Map<String, String> tags, List<String> transitiveKeys) {
    public static final String CLAIM = "https://aws.amazon.com/tags";
    static final int MAX_TAGS = 50;
    private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");

    public static SessionTagsClaim none() {
        return new SessionTagsClaim(Map.of(), List.of());
    }

    /** @param claim the raw claim value (null when absent) */
    public static SessionTagsClaim parse(Object claim) {
        return parse(claim, "the " + CLAIM + " claim");
    }

    /**
     * The same rules for tags that arrive in another form (SAML's PrincipalTag attributes), shaped as the claim.
     *
     * @param where how the error messages name the source ("the ... claim")
     */
    public static SessionTagsClaim parse(Object claim, String where) {
        String where0 = Character.toUpperCase(where.charAt(0)) + where.substring(1);
        if (claim == null) {
            return none();
        }
        if (!(claim instanceof Map<?, ?> map)) {
            throw invalid(where0 + " must be a JSON object");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Set<String> lowerKeys = new HashSet<>();
        Object principal = map.get("principal_tags");
        if (principal != null) {
            if (!(principal instanceof Map<?, ?> p)) {
                throw invalid("principal_tags in " + where + " must be a JSON object");
            }
            if (p.size() > MAX_TAGS) {
                throw invalid(where0 + " has more than " + MAX_TAGS + " principal tags");
            }
            for (Map.Entry<?, ?> e : p.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!KEY.matcher(key).matches() || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                    throw invalid("Invalid session tag key in " + where + ": " + key);
                }
                if (!lowerKeys.add(key.toLowerCase(Locale.ROOT))) {
                    throw invalid("Duplicate session tag key in " + where + ": " + key);
                }
                String value = singleValue(e.getValue(), key, where);
                if (!VALUE.matcher(value).matches()) {
                    throw invalid("Invalid value for session tag " + key + " in " + where);
                }
                tags.put(key, value);
            }
        }
        List<String> transitive = new ArrayList<>();
        Object t = map.get("transitive_tag_keys");
        if (t != null) {
            if (!(t instanceof List<?> list)) {
                throw invalid("transitive_tag_keys in " + where + " must be a JSON array");
            }
            if (list.size() > MAX_TAGS) {
                throw invalid(where0 + " has more than " + MAX_TAGS + " transitive tag keys");
            }
            Set<String> seen = new HashSet<>();
            for (Object o : list) {
                if (!(o instanceof String key) || !lowerKeys.contains(key.toLowerCase(Locale.ROOT))) {
                    throw invalid("Transitive tag key " + o + " in " + where + " is not a principal tag");
                }
                if (seen.add(key.toLowerCase(Locale.ROOT))) {
                    transitive.add(key);
                }
            }
        }
        return new SessionTagsClaim(Map.copyOf(tags).isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(tags),
                List.copyOf(transitive));
    }

    private static String singleValue(Object raw, String key, String where) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof List<?> l && l.size() == 1 && l.get(0) instanceof String s) {
            return s;
        }
        throw invalid("Session tag " + key + " in " + where + " must have exactly one string value");
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidIdentityToken, message);
    }
}
