package io.rolegate.sts;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.ValidatedWebIdentity;
import io.rolegate.federation.runtime.WebIdentityFederation;
import io.rolegate.iam.RequestContexts;
import io.rolegate.iam.RequestFacts;
import io.rolegate.model.Arn;
import io.rolegate.policy.AuthorizationRequest;
import io.rolegate.policy.Decision;
import io.rolegate.policy.PrincipalIdentity;
import io.rolegate.policy.RequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * AssumeRoleWithWebIdentity (docs/aws-behaviour.md §6.2): the token is validated first (federation: format, issuer
 * registered in the role's account, audience, signature, dates, subject), then the role's trust policy decides alone
 * (an unsigned
 * caller has no identity side) for the provider as {@code Principal.Federated}, with the token's condition keys,
 * the environment keys and the token's session tags as request tags; then the duration, then the session is minted
 * ({@link RoleSessions}). Every trust failure, and a missing role, answer the same AccessDenied, which names nothing
 * about the role.
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
    StsDirectory directory;
    @Inject
    RoleSessions sessions;

    public Outcome assume(WebIdentityRequest in, RequestFacts facts) {
        if (in.providerId() != null) {
            throw new AwsException(ErrorCode.InvalidIdentityToken, PROVIDER_ID_UNSUPPORTED);
        }
        // 1-6. the token, against the providers of the account the role ARN names
        String roleAccount = Arn.parse(in.roleArn()).map(Arn::account).orElse(null);
        ValidatedWebIdentity id = federation.validate(in.webIdentityToken(), roleAccount, providers);
        if (in.policy() != null) {
            directory.sessionPolicy(in.policy());
        }

        // 7. the role's trust policy alone (an unsigned caller has no identity side), 8. the duration, then mint
        RoleSessions.Minted minted = sessions.mint(request(in, id, facts));
        return new Outcome(minted.session(), id, minted.packedPolicySize());
    }

    /**
     * The token validated exactly as AssumeRoleWithWebIdentity validates it against the providers of {@code accountId}
     * (the SSO portal hands in the ID token of a person's login).
     */
    public ValidatedWebIdentity validate(String token, String accountId) {
        return federation.validate(token, accountId, providers);
    }

    /**
     * {@link #validate} with the token's dates checked as of {@code signedInAt}: the SSO protocols' access token
     * carries the ID token of the person's login and outlives it, as an IAM Identity Center session does.
     */
    public ValidatedWebIdentity validateAsOf(String token, String accountId, java.time.Instant signedInAt) {
        return federation.validateAt(token, accountId, providers, signedInAt);
    }

    /**
     * Whether AssumeRoleWithWebIdentity with this validated identity, role and session name (no session policy,
     * default duration) would be granted: the same trust decisions through {@link RoleSessions#allows}.
     */
    public boolean allows(ValidatedWebIdentity id, String roleArn, String roleSessionName, RequestFacts facts) {
        WebIdentityRequest in = new WebIdentityRequest(roleArn, roleSessionName, null, null, null, null, List.of());
        return sessions.allows(request(in, id, facts));
    }

    /**
     * AssumeRoleWithWebIdentity for an already validated identity (the SSO portal's "get credentials"): the same
     * request, trust decisions and minting through {@link RoleSessions}, the chosen duration (null: default), no
     * session policy.
     */
    public IssuedSession assume(ValidatedWebIdentity id, String roleArn, String roleSessionName, Integer durationSeconds,
                                RequestFacts facts) {
        WebIdentityRequest in = new WebIdentityRequest(roleArn, roleSessionName, null, null, durationSeconds, null,
                List.of());
        return sessions.mint(request(in, id, facts)).session();
    }

    /**
     * The trust-policy conditions that refuse this identity the role ({@link RoleSessions#unmetConditions}), for
     * telling a person why (operators and keys only).
     */
    public List<String> unmetConditions(ValidatedWebIdentity id, String roleArn, String roleSessionName,
                                        RequestFacts facts) {
        WebIdentityRequest in = new WebIdentityRequest(roleArn, roleSessionName, null, null, null, null, List.of());
        return sessions.unmetConditions(request(in, id, facts));
    }

    /** The request {@link RoleSessions} decides and mints for this door. */
    private static RoleSessions.Request request(WebIdentityRequest in, ValidatedWebIdentity id, RequestFacts facts) {
        String sourceIdentity = id.sourceIdentity().orElse(null);
        RoleSessions.Door door = new RoleSessions.Door(ACTION, requester(id), RoleSessions.DurationCheck.AFTER_TRUST);
        return new RoleSessions.Request(door, in.roleArn(), in.roleSessionName(), in.durationSeconds(),
                // the web identity user as CloudTrail names it: provider ARN, and <provider>:<aud>:<sub>
                new RoleSessions.Parent(id.providerArn(), id.providerKey() + ":" + id.audience() + ":" + id.subject(), 0),
                new RoleSessions.Tags(id.sessionTags(), Map.of(), new LinkedHashSet<>(id.transitiveTagKeys())),
                sourceIdentity, null, new RoleSessions.SessionPolicies(in.policy(), in.policyArns()),
                carried(id), context(in, id, sourceIdentity, facts), facts);
    }

    /** The provider as {@code Principal.Federated}; every refusal answers the same, naming nothing about the role. */
    private static RoleSessions.Requester requester(ValidatedWebIdentity id) {
        return new RoleSessions.Requester() {
            @Override
            public AuthorizationRequest.Builder request(String action, String roleArn) {
                return AuthorizationRequest.builder(PrincipalIdentity.webIdentity(id.providerArn()), action, roleArn);
            }

            @Override
            public AwsException denied(String action, String roleArn, Decision decision) {
                return new AwsException(ErrorCode.AccessDenied, NOT_AUTHORIZED);
            }
        };
    }

    private static Map<String, List<String>> carried(ValidatedWebIdentity id) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String claim : CARRIED) {
            List<String> values = id.conditionKeys().get(id.providerKey() + ":" + claim);
            if (values != null) {
                out.put(id.providerKey() + ":" + claim, values);
            }
        }
        return out;
    }

    /**
     * Spec 5.3 for an unsigned caller: no aws:Principal* keys; the token's keys ({@code <provider>:aud/sub/amr} and
     * the operator's extra claims), the environment, the token's tags as aws:RequestTag/K + aws:TagKeys, the role's
     * tags as aws:ResourceTag/K, and the sts:* keys of the request.
     */
    static RequestContext.Builder context(WebIdentityRequest in, ValidatedWebIdentity id, String sourceIdentity,
                                          RequestFacts facts) {
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
        b.put("sts:RoleSessionName", in.roleSessionName());
        if (sourceIdentity != null) {
            b.put("sts:SourceIdentity", sourceIdentity);
        }
        if (!id.transitiveTagKeys().isEmpty()) {
            b.putMulti("sts:TransitiveTagKeys", new ArrayList<>(id.transitiveTagKeys()));
        }
        return b;
    }
}
