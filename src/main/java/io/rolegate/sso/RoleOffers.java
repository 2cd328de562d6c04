package io.rolegate.sso;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Arn;
import io.rolegate.federation.ValidatedWebIdentity;
import io.rolegate.iam.OidcSignInService;
import io.rolegate.iam.Page;
import io.rolegate.iam.RequestFacts;
import io.rolegate.iam.RoleService;
import io.rolegate.model.Role;
import io.rolegate.sts.WebIdentityService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The roles a signed-in person is offered: in every account that connected the sign-in, the person's ID token is
 * validated as AssumeRoleWithWebIdentity validates a token against that account's providers, and a role is offered
 * when AssumeRoleWithWebIdentity with that token would be granted ({@link WebIdentityService#allows}: the role's
 * trust policy for the provider, with the token's claims as condition keys). Nothing is minted here.
 */
@ApplicationScoped
public class RoleOffers {
    private static final int PAGE = 1000;

    /** A role the person may take, and for how long at most (its MaxSessionDuration, seconds). */
    public record Offer(String accountId, String roleName, String roleArn, int maxSessionDuration) {
    }

    /**
     * @param refusedAccounts accounts whose provider refused the person's token (e.g. an audience it does not list)
     */
    public record Offers(String sessionName, List<Offer> roles, List<String> refusedAccounts) {
    }

    @Inject
    WebIdentityService webIdentity;
    @Inject
    RoleService roles;

    public Offers offers(SignIns.SignIn signIn, String idToken, String sessionName, RequestFacts facts) {
        return offers(signIn, idToken, null, sessionName, facts);
    }

    /**
     * @param signedInAt when set, the ID token's dates are checked as of then (the SSO protocols' session outlives
     *                   the ID token: {@link SsoTokens}); null checks them now
     */
    public Offers offers(SignIns.SignIn signIn, String idToken, java.time.Instant signedInAt, String sessionName,
                         RequestFacts facts) {
        List<Offer> offers = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (OidcSignInService.Opened connected : signIn.connected()) {
            String account = connected.signIn().accountId();
            ValidatedWebIdentity id;
            try {
                id = validate(idToken, account, signedInAt);
            } catch (AwsException e) {
                refused.add(account);
                continue;
            }
            for (Role role : allRoles(account)) {
                if (webIdentity.allows(id, role.arn(), sessionName, facts)) {
                    offers.add(new Offer(account, role.roleName(), role.arn(), role.maxSessionDuration()));
                }
            }
        }
        return new Offers(sessionName, List.copyOf(offers), List.copyOf(refused));
    }

    /**
     * Credentials of {@code roleArn} for the person: the ID token validated against the providers of the role's
     * account (which must have connected this sign-in) and the session minted as AssumeRoleWithWebIdentity mints it.
     *
     * @throws AwsException AccessDenied when the role's account did not connect the sign-in or its trust refuses
     */
    public IssuedSession credentials(SignIns.SignIn signIn, String idToken, String roleArn, String sessionName,
                                     RequestFacts facts) {
        return credentials(signIn, idToken, null, roleArn, sessionName, null, facts);
    }

    /** {@link #credentials} with the ID token's dates checked as of {@code signedInAt} (null: now). */
    public IssuedSession credentials(SignIns.SignIn signIn, String idToken, java.time.Instant signedInAt,
                                     String roleArn, String sessionName, RequestFacts facts) {
        return credentials(signIn, idToken, signedInAt, roleArn, sessionName, null, facts);
    }

    /** {@link #credentials} for {@code durationSeconds} (null: the default hour), checked as AssumeRoleWithWebIdentity checks it. */
    public IssuedSession credentials(SignIns.SignIn signIn, String idToken, String roleArn, String sessionName,
                                     Integer durationSeconds, RequestFacts facts) {
        return credentials(signIn, idToken, null, roleArn, sessionName, durationSeconds, facts);
    }

    private IssuedSession credentials(SignIns.SignIn signIn, String idToken, java.time.Instant signedInAt,
                                      String roleArn, String sessionName, Integer durationSeconds, RequestFacts facts) {
        String account = connectedAccount(signIn, roleArn)
                .orElseThrow(() -> new AwsException(ErrorCode.AccessDenied, WebIdentityService.NOT_AUTHORIZED));
        return webIdentity.assume(validate(idToken, account, signedInAt), roleArn, sessionName, durationSeconds, facts);
    }

    private ValidatedWebIdentity validate(String idToken, String account, java.time.Instant signedInAt) {
        return signedInAt == null ? webIdentity.validate(idToken, account)
                : webIdentity.validateAsOf(idToken, account, signedInAt);
    }

    /**
     * Why the person may not take {@code roleArn}: the conditions of its trust policy their login does not meet
     * (operators and keys, never values). Empty when the role is not in an account that connected this sign-in, does
     * not exist, or names neither the provider nor the action: a person learns nothing about other tenants' roles.
     */
    public List<String> unmetConditions(SignIns.SignIn signIn, String idToken, String roleArn, String sessionName,
                                        RequestFacts facts) {
        Optional<String> account = connectedAccount(signIn, roleArn);
        if (account.isEmpty()) {
            return List.of();
        }
        try {
            return webIdentity.unmetConditions(webIdentity.validate(idToken, account.get()), roleArn, sessionName, facts);
        } catch (AwsException refused) {
            return List.of();
        }
    }

    private static Optional<String> connectedAccount(SignIns.SignIn signIn, String roleArn) {
        String account = roleArn == null ? null : Arn.parse(roleArn).map(Arn::account).orElse(null);
        return signIn.connected().stream().map(c -> c.signIn().accountId()).filter(a -> a.equals(account)).findFirst();
    }

    private List<Role> allRoles(String account) {
        List<Role> out = new ArrayList<>();
        String marker = null;
        do {
            Page<Role> page = roles.list(account, "/", marker, PAGE);
            out.addAll(page.items());
            marker = page.nextMarker();
        } while (marker != null);
        return out;
    }

    /**
     * The role session name for a person: the first of preferred_username, email, sub that has a character allowed in
     * a session name ([\w+=,.@-]), others dropped, cut to 64.
     */
    public static String sessionName(Optional<String> preferredUsername, Optional<String> email, String subject) {
        for (Optional<String> candidate : List.of(preferredUsername, email, Optional.ofNullable(subject))) {
            String cleaned = candidate.map(s -> s.replaceAll("[^\\w+=,.@-]", "")).orElse("");
            if (cleaned.length() >= 2) {
                return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
            }
        }
        return "portal-user";
    }
}
