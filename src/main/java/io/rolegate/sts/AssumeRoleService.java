package io.rolegate.sts;

import io.rolegate.error.AwsErrors;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.CallerPolicies;
import io.rolegate.iam.PrincipalType;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.policy.AccessDeniedMessage;
import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Decision;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AssumeRole, following the decision procedure of docs/aws-behaviour.md §5.5: caller restrictions, session policies
 * and tags, MFA parameters and code; then {@link RoleSessions} (role, duration, the decisions with explicit denies
 * everywhere, the caller side (identity, boundary, session policies; waived same-account per 5.1) and the trust
 * policy, always necessary).
 */
@ApplicationScoped
public class AssumeRoleService {
    static final String ACTION = "sts:AssumeRole";

    @Inject
    CallerPolicies callerPolicies;
    @Inject
    StsDirectory directory;
    @Inject
    RoleSessions sessions;
    @Inject
    MfaCheck mfa;

    public RoleSessions.Minted assume(Caller caller, AssumeRoleRequest in, RequestFacts facts) {
        // 1. who may call
        if (caller.type() == PrincipalType.Account) {
            throw new AwsException(ErrorCode.AccessDenied, "Roles may not be assumed by root accounts.");
        }
        Caller.SessionInfo parent = caller.session();

        // 2. session policies, tags, source identity, MFA parameters
        if (in.policy() != null) {
            directory.sessionPolicy(in.policy());
        }
        Map<String, String> inherited = inheritedTransitiveTags(parent);
        requireNoConflicts(in, inherited);
        Set<String> transitiveKeys = transitiveKeys(in, inherited, parent);
        String sourceIdentity = sourceIdentity(in, parent);
        // both or neither, then the code is checked (and consumed) before the trust decision, which sees aws:MultiFactorAuthPresent
        Instant mfaThisCall = mfa.forAssumeRole(caller, in.serialNumber(), in.tokenCode());
        RequestContext.Builder context = context(caller, facts, in, transitiveKeys, sourceIdentity);

        // 3. role, duration, decisions, mint
        RoleSessions.Door door = new RoleSessions.Door(ACTION, requester(caller), RoleSessions.DurationCheck.BEFORE_TRUST);
        return sessions.mint(new RoleSessions.Request(door, in.roleArn(), in.roleSessionName(),
                in.durationSeconds(), new RoleSessions.Parent(caller.arn(), caller.userId(),
                        parent == null ? 0 : parent.chainDepth() + 1),
                new RoleSessions.Tags(in.tags(), inherited, transitiveKeys), sourceIdentity,
                MfaCheck.carried(caller, mfaThisCall),
                new RoleSessions.SessionPolicies(in.policy(), in.policyArns()), Map.of(),
                mfaThisCall == null ? context : RequestContexts.freshMfa(context), facts));
    }

    /** The caller with its identity-side policies; a denial names the caller, the action and the role (docs/aws-behaviour.md §5.6). */
    private RoleSessions.Requester requester(Caller caller) {
        CallerPolicies.CallerSide side = callerPolicies.of(caller);
        return new RoleSessions.Requester() {
            @Override
            public AuthorizationRequest.Builder request(String action, String roleArn) {
                return side.request(action, roleArn);
            }

            @Override
            public AwsException denied(String action, String roleArn, Decision decision) {
                return new AwsException(ErrorCode.AccessDenied,
                        AccessDeniedMessage.format(caller.arn(), action, roleArn, decision));
            }
        };
    }

    private static RequestContext.Builder context(Caller caller, RequestFacts facts, AssumeRoleRequest in,
                                                  Set<String> transitiveKeys, String sourceIdentity) {
        RequestContext.Builder b = RequestContexts.builder(caller, facts);
        if (!in.tags().isEmpty()) {
            RequestContexts.requestTags(b, in.tags());
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

    /** Tag keys are unique case-insensitively, and none may replace a transitive tag of the calling session. */
    static void requireNoConflicts(AssumeRoleRequest in, Map<String, String> inherited) {
        Set<String> seen = new LinkedHashSet<>();
        for (String k : in.tags().keySet()) {
            if (!seen.add(k.toLowerCase(Locale.ROOT))) {
                throw AwsErrors.duplicateTagKeys(ErrorCode.InvalidParameterValue);
            }
        }
        for (String k : inherited.keySet()) {
            if (seen.contains(k.toLowerCase(Locale.ROOT))) {
                throw new AwsException(ErrorCode.InvalidParameterValue,
                        "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key "
                                + "from the calling session.");
            }
        }
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
