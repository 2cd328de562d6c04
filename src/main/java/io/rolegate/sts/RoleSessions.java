package io.rolegate.sts;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionKind;
import io.rolegate.error.AwsErrors;
import io.rolegate.error.AwsException;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.iam.RoleDirectory;
import io.rolegate.iam.RoleUsage;
import io.rolegate.iam.SessionCallers;
import io.rolegate.iam.SessionKeys;
import io.rolegate.model.Arn;
import io.rolegate.model.Arns;
import io.rolegate.model.Role;
import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Decision;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyEngine;
import io.rolegate.policy.PolicyKind;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one path from a request for a role session to credentials, whatever door it came through (AssumeRole,
 * AssumeRoleWithWebIdentity; SSO login and SAML to come). The door authenticates and validates what is its own (the
 * caller, the token, the assertion), then hands over a {@link Request}; this class checks the packed size of session
 * policies and tags, resolves the role (a missing one, or one whose stored trust policy no longer compiles, is
 * decided like a role that trusts nobody, so its AccessDenied is the one a real role would give), caps the duration,
 * decides every permission the session needs (the door's action, plus sts:TagSession when tags are passed and
 * sts:SetSourceIdentity when a source identity is set or carried; docs/aws-behaviour.md §5.3), then grants, issues and records the
 * role's last use. No database round trip when the caches are warm.
 */
@ApplicationScoped
public class RoleSessions {
    static final int DEFAULT_SECONDS = 3600;
    static final int CHAINING_MAX_SECONDS = 3600;
    /** Stands in for the trust policy of a role that does not exist. */
    static final Policy TRUSTS_NOBODY = Policy.compile(PolicyKind.TRUST, "missing role",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"Service\":\"nobody.rolegate.internal\"},\"Action\":\"sts:AssumeRole\"}]}");

    /** Who asks for the session, as the trust decision sees it, and what it is told when refused. */
    public interface Requester {
        /** The decision's principal and, for a signed caller, its identity-side policies. */
        AuthorizationRequest.Builder request(String action, String roleArn);

        /** The AccessDenied for a refused {@code action}. */
        AwsException denied(String action, String roleArn, Decision decision);
    }

    /** Where the duration is checked: AssumeRole before the trust decision (docs/aws-behaviour.md §5.5), web identity after (§6.2). */
    public enum DurationCheck { BEFORE_TRUST, AFTER_TRUST }

    /** The door's own action ({@code sts:AssumeRole}, {@code sts:AssumeRoleWithWebIdentity}...) and its requester. */
    public record Door(String action, Requester requester, DurationCheck durationCheck) {
    }

    /**
     * The principal the session is minted for (CloudTrail's view) and how deep the chain becomes: 0 for a session
     * from long-term credentials or a token, the parent's depth + 1 when chaining (which caps the duration at 1 hour).
     */
    public record Parent(String arn, String id, int chainDepth) {
    }

    /**
     * @param requested     tags passed by this request (need sts:TagSession and count in the packed size)
     * @param inherited     the parent session's transitive tags; they also replace matching role tags in the trust decision
     * @param transitiveKeys keys that carry into sessions chained from this one
     */
    public record Tags(Map<String, String> requested, Map<String, String> inherited, Set<String> transitiveKeys) {
        Map<String, String> all() {
            if (inherited.isEmpty()) {
                return requested;
            }
            Map<String, String> out = new LinkedHashMap<>(inherited);
            out.putAll(requested);
            return out;
        }
    }

    /** The inline session policy (validated by the door) and the managed session policy ARNs. */
    public record SessionPolicies(String inline, List<String> arns) {
    }

    /**
     * @param roleArn         as requested
     * @param mfaAuthenticatedAt when MFA was last validated for the session (this call's code, else the parent's), or null
     * @param durationSeconds as requested, null for the default
     * @param context         the condition keys of the request so far (environment, caller or token, sts:*); the
     *                        role's tags are added here
     * @param carriedContext  condition keys that carry into requests made with the session ({@code <provider>:sub}...)
     */
    public record Request(Door door, String roleArn, String sessionName, Integer durationSeconds, Parent parent,
                          Tags tags, String sourceIdentity, Instant mfaAuthenticatedAt, SessionPolicies policies,
                          Map<String, List<String>> carriedContext, RequestContext.Builder context, RequestFacts facts) {
    }

    /** The minted session, and PackedPolicySize when the session was narrowed by policies or tags. */
    public record Minted(IssuedSession session, Integer packedPolicySize) {
    }

    @Inject
    RoleDirectory roles;
    @Inject
    RoleUsage usage;
    @Inject
    SessionKeys keys;

    /** What the checks before minting established. */
    private record Trusted(Role role, int seconds, int packed) {
    }

    /**
     * Whether {@link #mint} would grant this request: the same packed size, trust decisions and duration checks,
     * nothing minted or recorded. The SSO portal offers a person exactly the roles this allows.
     */
    public boolean allows(Request in) {
        try {
            trust(in);
            return true;
        } catch (AwsException refused) {
            return false;
        }
    }

    public Minted mint(Request in) {
        Trusted trusted = trust(in);
        Role role = trusted.role();
        int seconds = trusted.seconds();
        int packed = trusted.packed();
        SessionPolicies policies = in.policies();
        SessionGrant.Builder grant = SessionGrant.builder(SessionKind.ASSUMED_ROLE, role.accountId(),
                        Arns.assumedRole(role.accountId(), role.roleName(), in.sessionName()), Duration.ofSeconds(seconds))
                .role(role.roleId(), role.arn())
                .sessionName(in.sessionName())
                .parentPrincipal(in.parent().arn(), in.parent().id())
                .sourceIdentity(in.sourceIdentity())
                .sessionTags(in.tags().all())
                .transitiveTagKeys(in.tags().transitiveKeys())
                .chainDepth(in.parent().chainDepth())
                .mfaAuthenticatedAt(in.mfaAuthenticatedAt())
                .sessionPolicy(policies.inline())
                .sessionPolicyArns(policies.arns());
        in.carriedContext().forEach(grant::carriedContext);
        IssuedSession issued = keys.issue(grant.build());
        usage.record(role.roleId(), issued.claims().issuedAt(), in.facts().region());
        boolean narrowed = policies.inline() != null || !policies.arns().isEmpty() || !in.tags().requested().isEmpty();
        return new Minted(issued, narrowed ? packed : null);
    }

    /** Everything {@link #mint} checks before it grants: packed size, role, trust decisions, duration. */
    private Trusted trust(Request in) {
        SessionPolicies policies = in.policies();
        int packed = PackedSize.percent(policies.inline(), policies.arns(), in.tags().requested());
        if (packed > 100) {
            throw AwsErrors.packedPolicyTooLarge(packed);
        }

        RoleDirectory.RoleEntry entry = roles.byArn(in.roleArn()).orElse(null);
        Role role = entry == null ? null : entry.role();
        int seconds = in.durationSeconds() == null ? DEFAULT_SECONDS : in.durationSeconds();
        Door door = in.door();
        if (role != null && door.durationCheck() == DurationCheck.BEFORE_TRUST) {
            checkDuration(seconds, role, in.parent());
        }

        String roleAccount = role != null ? role.accountId() : Arn.parse(in.roleArn()).map(Arn::account).orElse(null);
        Policy trust = entry == null || entry.trustPolicy() == null ? TRUSTS_NOBODY : entry.trustPolicy();
        RequestContext ctx = context(in, entry);
        decide(door, door.action(), in.roleArn(), ctx, trust, roleAccount);
        if (!in.tags().requested().isEmpty()) {
            decide(door, "sts:TagSession", in.roleArn(), ctx, trust, roleAccount);
        }
        if (in.sourceIdentity() != null) {
            decide(door, "sts:SetSourceIdentity", in.roleArn(), ctx, trust, roleAccount);
        }
        if (door.durationCheck() == DurationCheck.AFTER_TRUST) {
            checkDuration(seconds, role, in.parent());
        }

        return new Trusted(role, seconds, packed);
    }

    /** The request context of the trust decisions: the role's tags, with incoming transitive tags replacing them. */
    private static RequestContext context(Request in, RoleDirectory.RoleEntry entry) {
        if (entry != null) {
            // incoming transitive tags replace matching role tags during trust evaluation (docs/aws-behaviour.md §5.3)
            RequestContexts.resourceTags(in.context(), SessionCallers.merge(entry.tags(), in.tags().inherited()));
        }
        return in.context().build();
    }

    /**
     * The conditions of the role's trust policy that kept it from allowing this request's action
     * ({@link PolicyEngine#unmetConditions}); empty when the role does not exist or no statement names the caller.
     */
    public List<String> unmetConditions(Request in) {
        RoleDirectory.RoleEntry entry = roles.byArn(in.roleArn()).orElse(null);
        if (entry == null || entry.trustPolicy() == null) {
            return List.of();
        }
        return PolicyEngine.unmetConditions(in.door().requester().request(in.door().action(), in.roleArn())
                .context(context(in, entry)).resourcePolicy(entry.trustPolicy(), entry.role().accountId()).build());
    }

    private static void checkDuration(int seconds, Role role, Parent parent) {
        if (parent.chainDepth() > 0 && seconds > CHAINING_MAX_SECONDS) {
            throw AwsErrors.durationOverChainingLimit();
        }
        if (seconds > role.maxSessionDuration()) {
            throw AwsErrors.durationOverRoleMaximum();
        }
    }

    private static void decide(Door door, String action, String roleArn, RequestContext ctx, Policy trust,
                               String roleAccount) {
        Decision d = PolicyEngine.evaluate(door.requester().request(action, roleArn).context(ctx)
                .resourcePolicy(trust, roleAccount).build());
        if (!d.isAllowed()) {
            throw door.requester().denied(action, roleArn, d);
        }
    }
}
