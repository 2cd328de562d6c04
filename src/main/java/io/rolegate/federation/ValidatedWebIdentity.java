package io.rolegate.federation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A web identity token that passed every check of docs/aws-behaviour.md §6.2 steps 1-6 (trust policy evaluation is the
 * caller's job).
 *
 * @param providerArn       the IAM OIDC provider ARN (AssumeRoleWithWebIdentity result member Provider)
 * @param providerKey       the provider URL without scheme; prefix of every condition key
 * @param subject           {@code sub} (SubjectFromWebIdentityToken)
 * @param audience          the {@code aud} value that matched the client id list (result member Audience)
 * @param conditionKeys     {@code <providerKey>:aud}, {@code :sub}, {@code :amr} (if present) and operator-configured
 *                          extra claims; values are lists (multi-valued for arrays). Insertion-ordered, unmodifiable
 * @param sessionTags       principal tags from the {@code https://aws.amazon.com/tags} claim, insertion-ordered
 * @param transitiveTagKeys transitive tag keys from the same claim (a subset of sessionTags' keys)
 * @param sourceIdentity    from {@code https://aws.amazon.com/source_identity}, if present
 * @param expiresAt         token {@code exp}
 * @param issuedAt          token {@code iat}, if present
 */
public record ValidatedWebIdentity(String providerArn, String providerKey, String subject, String audience,
                                   Map<String, List<String>> conditionKeys, Map<String, String> sessionTags,
                                   List<String> transitiveTagKeys, Optional<String> sourceIdentity,
                                   Instant expiresAt, Optional<Instant> issuedAt) {

    /**
     * True when the token carries session tags: the trust policy must then also allow sts:TagSession
     * (docs/aws-behaviour.md §5.3).
     */
    public boolean hasSessionTags() {
        return !sessionTags.isEmpty();
    }
}
