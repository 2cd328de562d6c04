package io.rolegate.iam;

import io.rolegate.model.Account;
import io.rolegate.model.User;
import io.rolegate.policy.PrincipalIdentity;
import io.rolegate.policy.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the policy request context (docs/aws-behaviour.md §5.3) from who is calling and what the edge knows about the
 * request.
 */
public final class RequestContexts {
    private RequestContexts() {
    }

    public static RequestContext of(Caller caller, RequestFacts facts) {
        RequestContext.Builder b = RequestContext.builder();
        principal(b, caller);
        environment(b, facts);
        mfaAge(b, caller, facts.now());
        return b.build();
    }

    /** aws:Principal*, aws:userid, aws:username, tags, and what a session carries. */
    public static void principal(RequestContext.Builder b, Caller caller) {
        b.put("aws:PrincipalArn", caller.principalArn());
        b.put("aws:PrincipalAccount", caller.accountId());
        b.put("aws:PrincipalType", caller.type().name());
        b.put("aws:userid", caller.userId());
        if (caller.type() == PrincipalType.User && caller.user() != null) {
            b.put("aws:username", caller.user().userName());
        }
        for (Map.Entry<String, String> t : caller.principalTags().entrySet()) {
            b.put("aws:PrincipalTag/" + t.getKey(), t.getValue());
        }
        Caller.SessionInfo s = caller.session();
        if (s != null) {
            b.put("aws:TokenIssueTime", iso(s.issuedAt()));
            b.put("aws:MultiFactorAuthPresent", Boolean.toString(s.mfa()));
            if (s.sourceIdentity() != null) {
                b.put("aws:SourceIdentity", s.sourceIdentity());
            }
            // <provider>:aud/sub/amr of a web identity session hold in all its requests (docs/aws-behaviour.md §5.3)
            s.carriedContext().forEach((k, v) -> {
                if (v.size() == 1 && !k.endsWith(":amr")) {
                    b.put(k, v.get(0));
                } else {
                    b.putMulti(k, v);
                }
            });
        }
    }

    /** aws:SourceIp, aws:CurrentTime, aws:EpochTime, aws:SecureTransport, aws:UserAgent, request tags. */
    public static void environment(RequestContext.Builder b, RequestFacts facts) {
        if (facts.sourceIp() != null) {
            b.put("aws:SourceIp", facts.sourceIp());
        }
        b.put("aws:CurrentTime", iso(facts.now()));
        b.put("aws:EpochTime", Long.toString(facts.now().getEpochSecond()));
        b.put("aws:SecureTransport", Boolean.toString(facts.secureTransport()));
        if (facts.userAgent() != null) {
            b.put("aws:UserAgent", facts.userAgent());
        }
        if (facts.region() != null) {
            b.put("aws:RequestedRegion", facts.region());
        }
        if (!facts.requestTags().isEmpty()) {
            List<String> keys = new ArrayList<>();
            for (Map.Entry<String, String> t : facts.requestTags().entrySet()) {
                b.put("aws:RequestTag/" + t.getKey(), t.getValue());
                keys.add(t.getKey());
            }
            b.putMulti("aws:TagKeys", keys);
        }
        facts.extraKeys().forEach(b::putMulti);
    }

    /**
     * A builder holding the caller's and the environment's keys, for decisions that add their own keys
     * (AssumeRole adds aws:ResourceTag/*, sts:*). Either argument may be null.
     */
    public static RequestContext.Builder builder(Caller caller, RequestFacts facts) {
        RequestContext.Builder b = RequestContext.builder();
        if (caller != null) {
            principal(b, caller);
        }
        if (facts != null) {
            environment(b, facts);
        }
        if (caller != null && facts != null) {
            mfaAge(b, caller, facts.now());
        }
        return b;
    }

    /**
     * aws:MultiFactorAuthAge: seconds since MFA authenticated the session (present only for sessions minted with
     * MFA; long-term keys never carry aws:MultiFactorAuthPresent or the age).
     */
    private static void mfaAge(RequestContext.Builder b, Caller caller, Instant now) {
        Caller.SessionInfo s = caller.session();
        if (s != null && s.mfa()) {
            b.put("aws:MultiFactorAuthAge", Long.toString(Math.max(0, now.getEpochSecond()
                    - s.mfaAuthenticatedAt().getEpochSecond())));
        }
    }

    /** The MFA keys of a call that validated a code itself (AssumeRole with SerialNumber and TokenCode): age 0. */
    public static RequestContext.Builder freshMfa(RequestContext.Builder b) {
        b.put("aws:MultiFactorAuthPresent", "true");
        return b.put("aws:MultiFactorAuthAge", "0");
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

    /** ISO_INSTANT of the whole second ({@code 2026-12-01T08:20:00Z}); written by hand for years 1000-9999 (per request). */
    static String iso(Instant i) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(i.getEpochSecond(), 0, java.time.ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            return java.time.format.DateTimeFormatter.ISO_INSTANT.format(i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        char[] c = "0000-00-00T00:00:00Z".toCharArray();
        digits(c, 0, 4, t.getYear());
        digits(c, 5, 2, t.getMonthValue());
        digits(c, 8, 2, t.getDayOfMonth());
        digits(c, 11, 2, t.getHour());
        digits(c, 14, 2, t.getMinute());
        digits(c, 17, 2, t.getSecond());
        return new String(c);
    }

    private static void digits(char[] c, int at, int width, int value) {
        for (int k = at + width - 1; k >= at; k--, value /= 10) {
            c[k] = (char) ('0' + value % 10);
        }
    }
}
