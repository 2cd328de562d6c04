package io.rolegate.sts;

import io.rolegate.iam.CallerPolicies;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionKind;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arns;
import io.rolegate.iam.Caller;
import io.rolegate.iam.PrincipalType;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.model.Role;
import io.rolegate.iam.RoleDirectory;
import io.rolegate.iam.RoleUsage;
import io.rolegate.policy.AccessDeniedMessage;
import io.rolegate.policy.Decision;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyEngine;
import io.rolegate.policy.PolicyKind;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AssumeRole, following the decision procedure of docs/aws-behaviour.md §5.5: caller restrictions, session policies
 * and tags, the role (a missing role is judged against a trust policy that trusts nobody, so its AccessDenied is the
 * one a real
 * role would give), duration, then one policy-engine decision per permission needed (sts:AssumeRole, plus
 * sts:TagSession when tags are passed and sts:SetSourceIdentity when a source identity is set or carried), each with
 * explicit denies everywhere, the caller side (identity, boundary, session policies; waived same-account per 5.1)
 * and the trust policy (always necessary). No database round trip when the caches are warm.
 */
@ApplicationScoped
public class AssumeRoleService {
    static final int CHAINING_MAX_SECONDS = 3600;
    static final int DEFAULT_SECONDS = 3600;
    /** Stands in for the trust policy of a role that does not exist. */
    static final Policy TRUSTS_NOBODY = Policy.compile(PolicyKind.TRUST, "missing role",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"Service\":\"nobody.rolegate.internal\"},\"Action\":\"sts:AssumeRole\"}]}");

    /** The minted session plus the response members that do not come from the claims. */
    public record Outcome(IssuedSession session, Integer packedPolicySize) {
    }

    @Inject
    RoleDirectory roles;
    @Inject
    RoleUsage usage;
    @Inject
    CallerPolicies callerPolicies;
    @Inject
    StsDirectory directory;
    @Inject
    SessionKeys keys;
    @Inject
    MfaCheck mfa;

    public Outcome assume(Caller caller, AssumeRoleRequest in, RequestFacts facts) {
        // 1. who may call
        if (caller.type() == PrincipalType.Account) {
            throw new AwsException(ErrorCode.AccessDenied, "Roles may not be assumed by root accounts.");
        }
        Caller.SessionInfo parent = caller.session();
        boolean chaining = parent != null;

        // 2. session policies, tags, source identity, MFA parameters
        Policy inlineSession = in.policy() == null ? null : directory.sessionPolicy(in.policy());
        Map<String, String> inherited = inheritedTransitiveTags(parent);
        Map<String, String> sessionTags = sessionTags(in, inherited);
        Set<String> transitiveKeys = transitiveKeys(in, inherited, parent);
        String sourceIdentity = sourceIdentity(in, parent);
        MfaCheck.requireBothOrNeither(in.serialNumber(), in.tokenCode());
        int packed = PackedSize.percent(in.policy(), in.policyArns(), in.tags());
        if (packed > 100) {
            throw new AwsException(ErrorCode.PackedPolicyTooLarge,
                    "Packed size of session policies and tags consumes " + packed + "% of allotted space.");
        }

        // 3. the role; a missing one is decided like a role that trusts nobody
        RoleDirectory.RoleEntry entry = roles.byArn(in.roleArn()).orElse(null);
        Role role = entry == null ? null : entry.role();

        // 4. duration
        int seconds = in.durationSeconds() == null ? DEFAULT_SECONDS : in.durationSeconds();
        if (role != null) {
            if (chaining && seconds > CHAINING_MAX_SECONDS) {
                throw new AwsException(ErrorCode.ValidationError,
                        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
            }
            if (seconds > role.maxSessionDuration()) {
                throw new AwsException(ErrorCode.ValidationError,
                        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            }
        }

        // 5. decisions
        String roleAccount = role != null ? role.accountId() : Arns.accountOf(in.roleArn());
        // the role directory holds the compiled trust policy (null when a stored one no longer validates: trusts nobody)
        Policy trust = entry == null || entry.trustPolicy() == null ? TRUSTS_NOBODY : entry.trustPolicy();
        // the code is checked (and consumed) before the trust decision, which sees aws:MultiFactorAuthPresent
        java.time.Instant mfaThisCall = mfa.forAssumeRole(caller, in.serialNumber(), in.tokenCode());
        RequestContext.Builder ctxBuilder = context(caller, facts, in, entry, inherited, transitiveKeys, sourceIdentity);
        RequestContext ctx = (mfaThisCall == null ? ctxBuilder : RequestContexts.freshMfa(ctxBuilder)).build();
        CallerPolicies.CallerSide side = callerPolicies.of(caller);
        decide(caller, side, "sts:AssumeRole", in.roleArn(), ctx, trust, roleAccount);
        if (!in.tags().isEmpty()) {
            decide(caller, side, "sts:TagSession", in.roleArn(), ctx, trust, roleAccount);
        }
        if (sourceIdentity != null) {
            decide(caller, side, "sts:SetSourceIdentity", in.roleArn(), ctx, trust, roleAccount);
        }

        // 6. mint
        SessionGrant grant = SessionGrant.builder(SessionKind.ASSUMED_ROLE, role.accountId(),
                        Arns.assumedRole(role.accountId(), role.roleName(), in.roleSessionName()), Duration.ofSeconds(seconds))
                .role(role.roleId(), role.arn())
                .sessionName(in.roleSessionName())
                .parentPrincipal(caller.arn(), caller.userId())
                .sourceIdentity(sourceIdentity)
                .sessionTags(sessionTags)
                .transitiveTagKeys(transitiveKeys)
                .chainDepth(chaining ? parent.chainDepth() + 1 : 0)
                .mfaAuthenticatedAt(MfaCheck.carried(caller, mfaThisCall))
                .sessionPolicy(in.policy())
                .sessionPolicyArns(in.policyArns())
                .build();
        IssuedSession issued = keys.issue(grant);
        usage.record(role.roleId(), issued.claims().issuedAt(), facts.region());
        boolean narrowed = inlineSession != null || !in.policyArns().isEmpty() || !in.tags().isEmpty();
        return new Outcome(issued, narrowed ? packed : null);
    }

    private static void decide(Caller caller, CallerPolicies.CallerSide side, String action, String roleArn,
                               RequestContext ctx, Policy trust, String roleAccount) {
        Decision d = PolicyEngine.evaluate(side.request(action, roleArn).context(ctx)
                .resourcePolicy(trust, roleAccount).build());
        if (!d.isAllowed()) {
            throw new AwsException(ErrorCode.AccessDenied, AccessDeniedMessage.format(caller.arn(), action, roleArn, d));
        }
    }

    private static RequestContext.Builder context(Caller caller, RequestFacts facts, AssumeRoleRequest in,
                                          RoleDirectory.RoleEntry role, Map<String, String> inherited,
                                          Set<String> transitiveKeys, String sourceIdentity) {
        RequestContext.Builder b = RequestContexts.builder(caller, facts);
        if (!in.tags().isEmpty()) {
            RequestContexts.requestTags(b, in.tags());
        }
        if (role != null) {
            // incoming transitive tags replace matching role tags during trust evaluation (docs/aws-behaviour.md §5.3)
            RequestContexts.resourceTags(b, SessionCallers.merge(role.tags(), inherited));
        }
        b.put("sts:RoleSessionName", in.roleSessionName());
        b.put("sts:ExternalId", in.externalId());
        b.put("sts:SourceIdentity", sourceIdentity);
        if (!in.transitiveTagKeys().isEmpty() || !transitiveKeys.isEmpty()) {
            b.putMulti("sts:TransitiveTagKeys", new ArrayList<>(transitiveKeys));
        }
        return b;
    }

    /** Tags a parent session marked transitive; they carry into every chained session. */
    static Map<String, String> inheritedTransitiveTags(Caller.SessionInfo parent) {
        if (parent == null || parent.transitiveTagKeys().isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        parent.tags().forEach((k, v) -> {
            if (parent.transitiveTagKeys().contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    static Map<String, String> sessionTags(AssumeRoleRequest in, Map<String, String> inherited) {
        Set<String> seen = new LinkedHashSet<>();
        for (String k : in.tags().keySet()) {
            if (!seen.add(k.toLowerCase(Locale.ROOT))) {
                throw new AwsException(ErrorCode.InvalidParameterValue,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        for (String k : inherited.keySet()) {
            if (seen.contains(k.toLowerCase(Locale.ROOT))) {
                throw new AwsException(ErrorCode.InvalidParameterValue,
                        "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key "
                                + "from the calling session.");
            }
        }
        Map<String, String> out = new LinkedHashMap<>(inherited);
        out.putAll(in.tags());
        return out;
    }

    static Set<String> transitiveKeys(AssumeRoleRequest in, Map<String, String> inherited, Caller.SessionInfo parent) {
        Set<String> passed = new LinkedHashSet<>();
        in.tags().keySet().forEach(k -> passed.add(k.toLowerCase(Locale.ROOT)));
        Set<String> out = new LinkedHashSet<>(inherited.keySet());
        for (String k : in.transitiveTagKeys()) {
            if (!passed.contains(k.toLowerCase(Locale.ROOT))) {
                throw new AwsException(ErrorCode.InvalidParameterValue,
                        "The specified transitive tag key must be included in the requested tags.");
            }
            in.tags().keySet().stream().filter(t -> t.equalsIgnoreCase(k)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    /** Set once, then immutable down the chain (docs/aws-behaviour.md §5.4). */
    static String sourceIdentity(AssumeRoleRequest in, Caller.SessionInfo parent) {
        String inheritedId = parent == null ? null : parent.sourceIdentity();
        if (in.sourceIdentity() != null && in.sourceIdentity().regionMatches(true, 0, "aws:", 0, 4)) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value '"
                    + in.sourceIdentity() + "' at 'sourceIdentity' failed to satisfy constraint: "
                    + "Member must not start with 'aws:'");
        }
        if (inheritedId != null && in.sourceIdentity() != null && !inheritedId.equals(in.sourceIdentity())) {
            throw new AwsException(ErrorCode.InvalidParameterValue,
                    "The source identity of a role session cannot be changed when chaining roles.");
        }
        return inheritedId != null ? inheritedId : in.sourceIdentity();
    }
}
