package io.rolegate.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the edge knows about a request, for condition keys (aws:SourceIp, aws:CurrentTime, aws:RequestTag/...). */
public record RequestFacts(String sourceIp, boolean secureTransport, String userAgent, Instant now, String region,
                           Map<String, String> requestTags, Map<String, List<String>> extraKeys) {
    public static RequestFacts of(String sourceIp, boolean secure, String userAgent, Instant now, String region) {
        return new RequestFacts(sourceIp, secure, userAgent, now, region, Map.of(), Map.of());
    }

    /** aws:RequestTag/K for each tag and aws:TagKeys (the IAM actions that create or add tags). */
    public RequestFacts withRequestTags(Map<String, String> tags) {
        return new RequestFacts(sourceIp, secureTransport, userAgent, now, region, tags, extraKeys);
    }

    /** aws:TagKeys alone (the Untag actions). */
    public RequestFacts withTagKeys(List<String> keys) {
        return new RequestFacts(sourceIp, secureTransport, userAgent, now, region, requestTags,
                Map.of("aws:TagKeys", List.copyOf(keys)));
    }
}
