package io.rolegate.iam;

import io.rolegate.policy.PrincipalIdentity;
import io.rolegate.policy.RequestContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The policy view of a request (spec 5.3): the condition keys that follow from the authenticated {@link Caller} and
 * the edge's {@link RequestFacts}, and the {@link PrincipalIdentity} trust and resource policies match. Shared by the
 * STS decisions and the IAM authorizer. Action-specific keys (aws:ResourceTag/*, sts:*) are added by the caller on
 * the returned builder.
 */
public final class RequestContexts {
    /** Keys whose values form a set (all others are single-valued). */
    private static final Set<String> MULTI_VALUED = Set.of("aws:tagkeys", "sts:transitivetagkeys",
            "aws:principalorgpaths");

    private RequestContexts() {
    }

    public static RequestContext of(Caller caller, RequestFacts facts) {
        return builder(caller, facts).build();
    }

    /**
     * aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username (IAM users only),
     * aws:PrincipalTag/*, aws:SourceIp, aws:CurrentTime, aws:EpochTime, aws:SecureTransport, aws:UserAgent,
     * aws:RequestedRegion, aws:RequestTag/* and aws:TagKeys (when the request carries tags), and for temporary
     * credentials aws:TokenIssueTime, aws:MultiFactorAuthPresent (+Age) and aws:SourceIdentity; then the facts'
     * extra keys.
     */
    public static RequestContext.Builder builder(Caller caller, RequestFacts facts) {
        RequestContext.Builder b = RequestContext.builder();
        if (caller != null) {
            b.put("aws:PrincipalArn", caller.principalArn());
            b.put("aws:PrincipalAccount", caller.accountId());
            b.put("aws:PrincipalType", caller.type().name());
            b.put("aws:userid", caller.userId());
            if (caller.type() == PrincipalType.User && caller.user() != null) {
                b.put("aws:username", caller.user().userName());
            }
            if (caller.principalTags() != null) {
                caller.principalTags().forEach((k, v) -> b.put("aws:PrincipalTag/" + k, v));
            }
            Caller.SessionInfo s = caller.session();
            if (s != null) {
                b.put("aws:TokenIssueTime", iso(s.issuedAt()));
                b.put("aws:MultiFactorAuthPresent", Boolean.toString(s.mfa()));
                if (s.mfa() && facts != null && facts.now() != null) {
                    b.put("aws:MultiFactorAuthAge",
                            Long.toString(Math.max(0, facts.now().getEpochSecond() - s.issuedAt().getEpochSecond())));
                }
                b.put("aws:SourceIdentity", s.sourceIdentity());
            }
        }
        if (facts != null) {
            b.put("aws:SourceIp", facts.sourceIp());
            b.put("aws:SecureTransport", Boolean.toString(facts.secureTransport()));
            b.put("aws:UserAgent", facts.userAgent());
            b.put("aws:RequestedRegion", facts.region());
            if (facts.now() != null) {
                b.put("aws:CurrentTime", iso(facts.now()));
                b.put("aws:EpochTime", Long.toString(facts.now().getEpochSecond()));
            }
            if (facts.requestTags() != null && !facts.requestTags().isEmpty()) {
                requestTags(b, facts.requestTags());
            }
            if (facts.extraKeys() != null) {
                facts.extraKeys().forEach((k, v) -> {
                    if (MULTI_VALUED.contains(k.toLowerCase(Locale.ROOT)) || v.size() != 1) {
                        b.putMulti(k, v);
                    } else {
                        b.put(k, v.get(0));
                    }
                });
            }
        }
        return b;
    }

    /** aws:RequestTag/K for each tag and the multi-valued aws:TagKeys. */
    public static RequestContext.Builder requestTags(RequestContext.Builder b, Map<String, String> tags) {
        tags.forEach((k, v) -> b.put("aws:RequestTag/" + k, v));
        return b.putMulti("aws:TagKeys", new ArrayList<>(tags.keySet()));
    }

    /** aws:ResourceTag/K (and its IAM alias iam:ResourceTag/K) for the target's tags. */
    public static RequestContext.Builder resourceTags(RequestContext.Builder b, Map<String, String> tags) {
        tags.forEach((k, v) -> {
            b.put("aws:ResourceTag/" + k, v);
            b.put("iam:ResourceTag/" + k, v);
        });
        return b;
    }

    /** The caller as trust and resource policies see it. */
    public static PrincipalIdentity principal(Caller caller) {
        return switch (caller.type()) {
            case Account -> PrincipalIdentity.root(caller.accountId());
            case User -> PrincipalIdentity.user(caller.accountId(), caller.arn());
            case AssumedRole -> PrincipalIdentity.roleSession(caller.accountId(), caller.principalArn(), caller.arn());
            case FederatedUser -> PrincipalIdentity.federatedUser(caller.accountId(),
                    caller.user() == null ? null : caller.user().arn(), caller.arn());
        };
    }

    /** aws:CurrentTime style: ISO-8601 UTC, whole seconds. */
    public static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static List<String> copy(List<String> v) {
        return List.copyOf(v);
    }
}
