package io.rolegate.sts;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionKind;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.ValidatedWebIdentity;
import io.rolegate.federation.runtime.WebIdentityFederation;
import io.rolegate.model.Arns;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.model.Role;
import io.rolegate.iam.RoleDirectory;
import io.rolegate.iam.RoleUsage;
import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Policy;
import io.rolegate.policy.PolicyEngine;
import io.rolegate.policy.PrincipalIdentity;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AssumeRoleWithWebIdentity (docs/aws-behaviour.md §6.2): the token is validated first (federation: format, issuer
 * registered in the role's account, audience, signature, dates, subject), then the role's trust policy decides alone
 * (an unsigned
 * caller has no identity side) for the provider as {@code Principal.Federated}, with the token's condition keys,
 * the environment keys and the token's session tags as request tags; then the duration, then the session is minted.
 * Every trust failure, and a missing role, answer the same AccessDenied, which names nothing about the role.
 */
@ApplicationScoped
public class WebIdentityService {
    public static final String ACTION = "sts:AssumeRoleWithWebIdentity";
    public static final String NOT_AUTHORIZED = "Not authorized to perform " + ACTION;
    /** Ours: the gateway federates OIDC providers only, not the OAuth 2.0 access tokens of Amazon or Facebook. */
    public static final String PROVIDER_ID_UNSUPPORTED = "ProviderId is only for OAuth 2.0 access tokens of "
            + "www.amazon.com and graph.facebook.com, which this gateway does not accept; omit it for OpenID Connect ID tokens";
    /** The condition keys that carry into later requests made with the session (docs/aws-behaviour.md §5.3). */
    static final List<String> CARRIED = List.of("aud", "sub", "amr");

    /** The minted session plus the response members that do not come from the session claims. */
    public record Outcome(IssuedSession session, ValidatedWebIdentity identity, Integer packedPolicySize) {
    }

    @Inject
    WebIdentityFederation federation;
    @Inject
    WebIdentityProviders providers;
    @Inject
    RoleDirectory roles;
    @Inject
    RoleUsage usage;
    @Inject
    StsDirectory directory;
    @Inject
    SessionKeys keys;

    public Outcome assume(WebIdentityRequest in, RequestFacts facts) {
        if (in.providerId() != null) {
            throw new AwsException(ErrorCode.InvalidIdentityToken, PROVIDER_ID_UNSUPPORTED);
        }
        // 1-6. the token, against the providers of the account the role ARN names
        ValidatedWebIdentity id = federation.validate(in.webIdentityToken(), Arns.accountOf(in.roleArn()), providers);

        // session policies and the packed size of policies + tags from the token
        if (in.policy() != null) {
            directory.sessionPolicy(in.policy());
        }
        int packed = PackedSize.percent(in.policy(), in.policyArns(), id.sessionTags());
        if (packed > 100) {
            throw new AwsException(ErrorCode.PackedPolicyTooLarge,
                    "Packed size of session policies and tags consumes " + packed + "% of allotted space.");
        }

        // 7. the role's trust policy alone; a missing role (or one whose trust policy no longer compiles) trusts nobody
        RoleDirectory.RoleEntry entry = roles.byArn(in.roleArn()).orElse(null);
        if (entry == null || entry.trustPolicy() == null) {
            throw new AwsException(ErrorCode.AccessDenied, NOT_AUTHORIZED);
        }
        Role role = entry.role();
        String sourceIdentity = id.sourceIdentity().orElse(null);
        RequestContext ctx = context(in, id, entry, sourceIdentity, facts);
        decide(ACTION, role, entry.trustPolicy(), ctx, id);
        if (id.hasSessionTags()) {
            decide("sts:TagSession", role, entry.trustPolicy(), ctx, id);
        }
        if (sourceIdentity != null) {
            decide("sts:SetSourceIdentity", role, entry.trustPolicy(), ctx, id);
        }

        // 8. duration: bounded by the role only (role chaining rules do not apply to this call)
        int seconds = in.durationSeconds() == null ? AssumeRoleService.DEFAULT_SECONDS : in.durationSeconds();
        if (seconds > role.maxSessionDuration()) {
            throw new AwsException(ErrorCode.ValidationError,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        // mint
        SessionGrant.Builder grant = SessionGrant.builder(SessionKind.ASSUMED_ROLE, role.accountId(),
                        Arns.assumedRole(role.accountId(), role.roleName(), in.roleSessionName()), Duration.ofSeconds(seconds))
                .role(role.roleId(), role.arn())
                .sessionName(in.roleSessionName())
                // the web identity user as CloudTrail names it: provider ARN, and <provider>:<aud>:<sub>
                .parentPrincipal(id.providerArn(), id.providerKey() + ":" + id.audience() + ":" + id.subject())
                .sourceIdentity(sourceIdentity)
                .sessionTags(id.sessionTags())
                .transitiveTagKeys(new java.util.LinkedHashSet<>(id.transitiveTagKeys()))
                .chainDepth(0)
                .sessionPolicy(in.policy())
                .sessionPolicyArns(in.policyArns());
        for (String claim : CARRIED) {
            List<String> values = id.conditionKeys().get(id.providerKey() + ":" + claim);
            if (values != null) {
                grant.carriedContext(id.providerKey() + ":" + claim, values);
            }
        }
        IssuedSession issued = keys.issue(grant.build());
        usage.record(role.roleId(), issued.claims().issuedAt(), facts.region());
        boolean narrowed = in.policy() != null || !in.policyArns().isEmpty() || id.hasSessionTags();
        return new Outcome(issued, id, narrowed ? packed : null);
    }

    private static void decide(String action, Role role, Policy trust, RequestContext ctx, ValidatedWebIdentity id) {
        AuthorizationRequest request = AuthorizationRequest.builder(PrincipalIdentity.webIdentity(id.providerArn()),
                action, role.arn()).context(ctx).resourcePolicy(trust, role.accountId()).build();
        if (!PolicyEngine.evaluate(request).isAllowed()) {
            throw new AwsException(ErrorCode.AccessDenied, NOT_AUTHORIZED);
        }
    }

    /**
     * Spec 5.3 for an unsigned caller: no aws:Principal* keys; the token's keys ({@code <provider>:aud/sub/amr} and
     * the operator's extra claims), the environment, the token's tags as aws:RequestTag/K + aws:TagKeys, the role's
     * tags as aws:ResourceTag/K, and the sts:* keys of the request.
     */
    static RequestContext context(WebIdentityRequest in, ValidatedWebIdentity id, RoleDirectory.RoleEntry role,
                                  String sourceIdentity, RequestFacts facts) {
        RequestContext.Builder b = RequestContexts.builder(null, facts);
        String amr = id.providerKey() + ":amr";
        for (Map.Entry<String, List<String>> k : id.conditionKeys().entrySet()) {
            // one value stays single-valued, so ${<provider>:sub} works as a policy variable; amr is a set by definition
            if (k.getValue().size() == 1 && !k.getKey().equals(amr)) {
                b.put(k.getKey(), k.getValue().get(0));
            } else {
                b.putMulti(k.getKey(), k.getValue());
            }
        }
        if (id.hasSessionTags()) {
            RequestContexts.requestTags(b, id.sessionTags());
        }
        RequestContexts.resourceTags(b, role.tags());
        b.put("sts:RoleSessionName", in.roleSessionName());
        if (sourceIdentity != null) {
            b.put("sts:SourceIdentity", sourceIdentity);
        }
        if (!id.transitiveTagKeys().isEmpty()) {
            b.putMulti("sts:TransitiveTagKeys", new ArrayList<>(id.transitiveTagKeys()));
        }
        return b.build();
    }
}
