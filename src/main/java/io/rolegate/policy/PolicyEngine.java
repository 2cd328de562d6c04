package io.rolegate.policy;

import io.rolegate.policy.Decision.Outcome;
import io.rolegate.policy.Decision.PolicyType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The decision procedure (docs/aws-behaviour.md §5.1-5.3, 5.5). Service-agnostic and stateless; thread-safe.
 * <ol>
 * <li>An applicable explicit Deny in any policy wins. Named type, when several deny: identity-based,
 *     permissions boundary, session, then resource/trust.</li>
 * <li>Caller side (identity, boundary, session policies), with the same-account waivers of the 5.1 table when the
 *     resource or trust policy allows the caller: naming the user, session or federated-user ARN waives all three;
 *     naming the role (for its sessions) or the parent user (for its federated users) waives identity policies only;
 *     naming the account waives nothing. Cross-account requests get no waiver.</li>
 * <li>A TRUST policy must allow (necessary), and across accounts any resource policy must allow.</li>
 * </ol>
 * Callers without an identity side (web identity, SAML, service, anonymous) are decided by the resource or trust
 * policy alone.
 */
public final class PolicyEngine {
    private PolicyEngine() {
    }

    public static Decision evaluate(AuthorizationRequest r) {
        PrincipalIdentity caller = r.principal();
        RequestContext ctx = r.context();
        String lowerAction = r.action().toLowerCase(Locale.ROOT);
        int colon = lowerAction.indexOf(':');
        String vendor = colon < 0 ? lowerAction : lowerAction.substring(0, colon);
        String resource = r.resource() == null ? "*" : r.resource();
        int[] resourceColons = ArnGlob.upTo5(resource);
        boolean identitySide = caller.hasIdentitySide();

        Layer identity = new Layer(PolicyType.IDENTITY);
        Layer boundary = null;
        Layer session = null;
        if (identitySide) {
            for (Policy p : r.identityPolicies()) {
                identity.evaluate(p, lowerAction, vendor, resource, resourceColons, ctx, null);
            }
            if (r.permissionsBoundary() != null) {
                boundary = new Layer(PolicyType.PERMISSIONS_BOUNDARY);
                boundary.evaluate(r.permissionsBoundary(), lowerAction, vendor, resource, resourceColons, ctx, null);
            }
            if (!r.sessionPolicies().isEmpty()) {
                session = new Layer(PolicyType.SESSION);
                for (Policy p : r.sessionPolicies()) {
                    session.evaluate(p, lowerAction, vendor, resource, resourceColons, ctx, null);
                }
            }
        }
        Policy rp = r.resourcePolicy();
        PolicyType resourceType = rp != null && rp.kind() == PolicyKind.TRUST ? PolicyType.TRUST : PolicyType.RESOURCE;
        Layer res = null;
        if (rp != null) {
            res = new Layer(resourceType);
            res.evaluate(rp, lowerAction, vendor, resource, resourceColons, ctx, caller);
        }
        boolean crossAccount = identitySide && r.resourceAccount() != null && caller.account() != null
                && !r.resourceAccount().equals(caller.account());
        PrincipalMatch pm = res == null ? PrincipalMatch.NONE : res.best;

        for (Layer l : new Layer[] {identity, boundary, session, res}) {
            if (l != null && l.denies != null) {
                return new Decision(Outcome.EXPLICIT_DENY, l.type, l.denies, pm, crossAccount);
            }
        }
        boolean resourceAllows = res != null && res.allows != null;
        if (!identitySide) {
            return resourceAllows ? allow(identity, res, pm, false) : implicit(resourceType, pm, false);
        }
        int waiver = !crossAccount && resourceAllows ? pm.waiver(caller.type()) : 0;
        boolean identityOk = caller.type() == PrincipalIdentity.Type.ROOT || identity.allows != null || waiver >= 1;
        if (!identityOk) {
            return implicit(PolicyType.IDENTITY, pm, crossAccount);
        }
        if (boundary != null && boundary.allows == null && waiver < 2) {
            return implicit(PolicyType.PERMISSIONS_BOUNDARY, pm, crossAccount);
        }
        // A federated user without a session policy has no permissions of its own (docs/aws-behaviour.md §2.2).
        boolean noSessionAllow = session != null ? session.allows == null
                : caller.type() == PrincipalIdentity.Type.FEDERATED_USER;
        if (noSessionAllow && waiver < 2) {
            return implicit(PolicyType.SESSION, pm, crossAccount);
        }
        if (!resourceAllows && (resourceType == PolicyType.TRUST && rp != null || crossAccount)) {
            return implicit(resourceType, pm, crossAccount);
        }
        return allow(identity, res, pm, crossAccount);
    }

    /**
     * Why a resource or trust policy did not allow: of its Allow statements that match the action, the resource
     * and the caller, the conditions that failed, each as operator and key ({@code StringEquals token.example.com:aud}),
     * distinct, in statement order. Empty when no Allow statement names the caller and action. It names keys and
     * operators only, never the policy's values (the SSO portal tells a person which condition refused them).
     */
    public static List<String> unmetConditions(AuthorizationRequest r) {
        Policy rp = r.resourcePolicy();
        if (rp == null) {
            return List.of();
        }
        String lowerAction = r.action().toLowerCase(Locale.ROOT);
        int colon = lowerAction.indexOf(':');
        String vendor = colon < 0 ? lowerAction : lowerAction.substring(0, colon);
        String resource = r.resource() == null ? "*" : r.resource();
        int[] resourceColons = ArnGlob.upTo5(resource);
        java.util.LinkedHashSet<String> unmet = new java.util.LinkedHashSet<>();
        for (Statement s : rp.candidates(vendor)) {
            if (!s.allow || !s.matchesAction(lowerAction) || !s.matchesResource(resource, resourceColons, r.context())
                    || s.matchPrincipal(r.principal()) == PrincipalMatch.NONE) {
                continue;
            }
            for (Condition c : s.conditions) {
                if (!c.evaluate(r.context())) {
                    unmet.add(c.describe());
                }
            }
        }
        return List.copyOf(unmet);
    }

    private static Decision implicit(PolicyType type, PrincipalMatch pm, boolean crossAccount) {
        return new Decision(Outcome.IMPLICIT_DENY, type, List.of(), pm, crossAccount);
    }

    private static Decision allow(Layer identity, Layer res, PrincipalMatch pm, boolean crossAccount) {
        List<Decision.Match> statements = new ArrayList<>(4);
        if (identity.allows != null) {
            statements.addAll(identity.allows);
        }
        if (res != null && res.allows != null) {
            statements.addAll(res.allows);
        }
        return new Decision(Outcome.ALLOW, null, statements, pm, crossAccount);
    }

    /** Applicable statements of one policy type. Lists stay null until something applies (the common case). */
    private static final class Layer {
        final PolicyType type;
        List<Decision.Match> allows;
        List<Decision.Match> denies;
        PrincipalMatch best = PrincipalMatch.NONE;

        Layer(PolicyType type) {
            this.type = type;
        }

        void evaluate(Policy policy, String lowerAction, String vendor, String resource, int[] resourceColons,
                      RequestContext ctx, PrincipalIdentity caller) {
            for (Statement s : policy.candidates(vendor)) {
                if (!s.matchesAction(lowerAction) || !s.matchesResource(resource, resourceColons, ctx)) {
                    continue;
                }
                PrincipalMatch pm = null;
                if (caller != null) {
                    pm = s.matchPrincipal(caller);
                    if (pm == PrincipalMatch.NONE) {
                        continue;
                    }
                }
                if (!s.conditionsHold(ctx)) {
                    continue;
                }
                Decision.Match m = new Decision.Match(type, policy.name(), s.sid, s.index);
                if (s.allow) {
                    if (allows == null) {
                        allows = new ArrayList<>(2);
                    }
                    allows.add(m);
                    if (pm != null && (best == PrincipalMatch.NONE || pm.rank(caller.type()) > best.rank(caller.type()))) {
                        best = pm;
                    }
                } else {
                    if (denies == null) {
                        denies = new ArrayList<>(2);
                    }
                    denies.add(m);
                }
            }
        }
    }
}
