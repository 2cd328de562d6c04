package io.rolegate.sts;

import java.util.List;
import java.util.Map;

/**
 * The parameters of one AssumeRole call after shape validation (docs/aws-behaviour.md §2.1).
 *
 * @param durationSeconds null when not given (then 3600)
 * @param tags            session tags in request order (keys unique case-insensitively, checked by the service)
 */
public record AssumeRoleRequest(String roleArn, String roleSessionName, Integer durationSeconds, String policy,
                                List<String> policyArns, Map<String, String> tags, List<String> transitiveTagKeys,
                                String externalId, String serialNumber, String tokenCode, String sourceIdentity) {
    public AssumeRoleRequest {
        policyArns = policyArns == null ? List.of() : List.copyOf(policyArns);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        transitiveTagKeys = transitiveTagKeys == null ? List.of() : List.copyOf(transitiveTagKeys);
    }
}
