package io.rolegate.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The condition keys of one request (docs/aws-behaviour.md §5.3): an immutable, case-insensitive multi-map. Each key
 * is either single-valued ({@code aws:username}) or multi-valued ({@code aws:TagKeys}, {@code sts:TransitiveTagKeys},
 * {@code <provider>:amr}); only single-valued keys can be used as policy variables.
 * Built by the caller: {@code RequestContext.builder().put("aws:SourceIp", "10.0.0.1").putMulti("aws:TagKeys", keys).build()}.
 */
public final class RequestContext {
    /**
     * One key's values. A multi-valued key may hold an empty set, which is not the same as an absent key.
     * Keeps the values parsed for the last operator family that asked (dates, numbers, IPs), so a context shared
     * by many statements parses each value once.
     */
    static final class Entry {
        private final String key;
        private final List<String> values;
        private final boolean multiValued;
        private volatile Parsed parsed; // immutable holder: the volatile write publishes the filled array

        Entry(String key, List<String> values, boolean multiValued) {
            this.key = key;
            this.values = values;
            this.multiValued = multiValued;
        }

        String key() {
            return key;
        }

        List<String> values() {
            return values;
        }

        boolean multiValued() {
            return multiValued;
        }

        /** The values parsed by {@code parser} for {@code family}; null elements for unparsable values. */
        Object[] parsed(Operator.Family family, Condition parser) {
            Parsed p = parsed;
            if (p != null && p.family == family) {
                return p.values;
            }
            Object[] out = new Object[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = parser.parseRequest(values.get(i));
            }
            parsed = new Parsed(family, out);
            return out;
        }

        @Override
        public String toString() {
            return key + "=" + values;
        }

        private record Parsed(Operator.Family family, Object[] values) {
        }
    }

    private static final RequestContext EMPTY = new RequestContext(Map.of());
    /** The global keys every request context holds, lower-cased once (a lookup is cheaper than toLowerCase). */
    private static final Map<String, String> LOWER_GLOBAL_KEYS = java.util.stream.Stream.of("aws:CurrentTime",
                    "aws:EpochTime", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalAccount",
                    "aws:PrincipalArn", "aws:PrincipalType", "aws:RequestedRegion", "aws:ResourceAccount",
                    "aws:SecureTransport", "aws:SourceIdentity", "aws:SourceIp", "aws:TagKeys", "aws:TokenIssueTime",
                    "aws:UserAgent", "aws:userid", "aws:username")
            .collect(java.util.stream.Collectors.toUnmodifiableMap(k -> k, k -> k.toLowerCase(Locale.ROOT)));

    private static String lower(String key) {
        String known = LOWER_GLOBAL_KEYS.get(key);
        return known != null ? known : key.toLowerCase(Locale.ROOT);
    }
    private final Map<String, Entry> entries; // lower-cased key

    private RequestContext(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static RequestContext empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(new HashMap<>(32));
    }

    /** A builder holding this context's keys, to add or replace some. */
    public Builder toBuilder() {
        return new Builder(new HashMap<>(entries));
    }

    /** The values of a key (any case), or null when absent. */
    public List<String> values(String key) {
        Entry e = entries.get(key.toLowerCase(Locale.ROOT));
        return e == null ? null : e.values();
    }

    public boolean isMultiValued(String key) {
        Entry e = entries.get(key.toLowerCase(Locale.ROOT));
        return e != null && e.multiValued();
    }

    /** Lookup by an already lower-cased key (compiled policies store keys that way). */
    Entry entry(String lowerKey) {
        return entries.get(lowerKey);
    }

    /** The value of a single-valued key for variable substitution, or null. */
    String singleValue(String lowerKey) {
        Entry e = entries.get(lowerKey);
        return e == null || e.multiValued() || e.values().isEmpty() ? null : e.values().get(0);
    }

    @Override
    public String toString() {
        return entries.values().toString();
    }

    public static final class Builder {
        private Map<String, Entry> entries;
        private boolean shared; // the last build() handed out `entries`: copy before changing them again

        private Builder(Map<String, Entry> entries) {
            this.entries = entries;
        }

        private Map<String, Entry> writable() {
            if (shared) {
                entries = new HashMap<>(entries);
                shared = false;
            }
            return entries;
        }

        /** Sets a single-valued key; a null value removes the key. */
        public Builder put(String key, String value) {
            String k = lower(key);
            if (value == null) {
                writable().remove(k);
            } else {
                writable().put(k, new Entry(key, List.of(value), false));
            }
            return this;
        }

        /** Sets a multi-valued key (may be an empty set). */
        public Builder putMulti(String key, List<String> values) {
            List<String> copy = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(values)));
            writable().put(lower(key), new Entry(key, copy, true));
            return this;
        }

        public Builder remove(String key) {
            writable().remove(lower(key));
            return this;
        }

        /** The context; no copy is made (a context is built once per request), the builder copies on its next change. */
        public RequestContext build() {
            shared = true;
            return new RequestContext(Collections.unmodifiableMap(entries));
        }
    }
}
