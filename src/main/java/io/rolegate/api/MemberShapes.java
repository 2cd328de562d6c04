package io.rolegate.api;

import io.rolegate.iam.Page;
import io.rolegate.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The member shapes of the IAM and STS models that many actions share (botocore's IAM and STS models:
 * docs/aws-behaviour.md §0).
 */
public final class MemberShapes {
    private MemberShapes() {
    }

    public static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    public static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    public static final Pattern PATH_PREFIX = Pattern.compile("\\u002F[\\u0021-\\u007F]*");
    public static final Pattern MARKER = Pattern.compile("[\\u0020-\\u00FF]+");
    public static final Pattern ACCESS_KEY_ID = Pattern.compile("[\\w]+");
    public static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    public static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    public static final Pattern POLICY_DOCUMENT = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    public static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]+");
    public static final Pattern DESCRIPTION = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*");

    public static final int DEFAULT_MAX_ITEMS = 100;

    /** The Tags.member.N a Tag* action requires (TagUser, TagRole, TagPolicy, Tag*Provider): absent is an error. */
    public static List<Tag> requiredTags(Params p, Validation v) {
        List<Tag> tags = tags(p, "Tags", "tags", v);
        if (p.structs("Tags", "Key", "Value").isEmpty()) {
            v.fail(null, "tags", "Member must not be null");
        }
        return tags;
    }

    /** The TagKeys.member.N an Untag* action requires: absent is an error. */
    public static List<String> requiredTagKeys(Params p, Validation v) {
        List<String> keys = tagKeys(p, "TagKeys", "tagKeys", v);
        if (keys.isEmpty()) {
            v.fail(null, "tagKeys", "Member must not be null");
        }
        return keys;
    }

    /** Reads {@code Name.member.N.Key/Value} tags, validating each key and value. */
    public static List<Tag> tags(Params p, String name, String member, Validation v) {
        List<Map<String, String>> raw = p.structs(name, "Key", "Value");
        v.listSize(raw.size(), member, 50);
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Map<String, String> t = raw.get(i);
            String prefix = member + "." + (i + 1) + ".member.";
            v.string(t.get("Key"), prefix + "key", true, 1, 128, TAG_KEY);
            v.string(t.get("Value"), prefix + "value", true, 0, 256, TAG_VALUE);
            out.add(new Tag(t.get("Key"), t.get("Value")));
        }
        return out;
    }

    /** The request's facts plus aws:RequestTag/K and aws:TagKeys for the tags an action creates or adds. */
    public static io.rolegate.iam.RequestFacts withRequestTags(ApiRequest r, List<Tag> tags) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        tags.forEach(t -> m.putIfAbsent(t.key(), t.value()));
        return r.facts().withRequestTags(m);
    }

    public static List<String> tagKeys(Params p, String name, String member, Validation v) {
        List<String> keys = p.list(name);
        v.listSize(keys.size(), member, 50);
        for (String k : keys) {
            v.string(k, member, true, 1, 128, TAG_KEY);
        }
        return keys;
    }


    public static List<Result> tagList(List<Tag> tags) {
        return tags.stream().map(t -> Result.of().put("Key", t.key()).put("Value", t.value())).toList();
    }

    /** MaxItems (1..1000, default 100) and Marker, validated together. */
    public record Paging(String marker, int maxItems) {
    }

    public static Paging paging(Params p, Validation v) {
        v.string(p.get("Marker"), "marker", false, 1, 320, MARKER);
        Integer max = v.integer(p.get("MaxItems"), "maxItems", 1, 1000);
        return new Paging(p.get("Marker"), max == null ? DEFAULT_MAX_ITEMS : max);
    }

    /** List*Tags answers: at most 50 tags exist, so pages are cut from the full list by position. */
    public static Result tagPage(List<Tag> all, Paging paging) {
        Page<Tag> page = Page.byPosition(all, paging.marker(), paging.maxItems());
        return paged(Result.of().list("Tags", tagList(page.items())), page);
    }

    /** Adds IsTruncated and Marker to a list result. */
    public static Result paged(Result r, Page<?> page) {
        r.put("IsTruncated", page.truncated());
        r.put("Marker", page.nextMarker());
        return r;
    }
}
