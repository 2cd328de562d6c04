package io.rolegate.sso;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rolegate.credentials.TemporaryCredentials;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.RequestFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.text.ParseException;
import java.util.List;
import java.util.Optional;

/**
 * The SSO portal API for a bearer token (ListAccounts, ListAccountRoles, GetRoleCredentials): the accounts and roles
 * are the person's {@link RoleOffers} (each role's trust policy decides, as AssumeRoleWithWebIdentity would with the
 * person's ID token), and credentials are minted through the same path. Pages hold at most {@value #MAX_PAGE} items;
 * the next token is the offset.
 */
@ApplicationScoped
public class SsoAssignments {
    static final int MAX_PAGE = 100;

    /** One page and the token of the next, or null. */
    public record Page<T>(List<T> items, String nextToken) {
    }

    @Inject
    SsoTokens tokens;
    @Inject
    SignIns signIns;
    @Inject
    RoleOffers offers;

    public Page<String> accounts(String accessToken, String nextToken, Integer maxResults, RequestFacts facts) {
        List<String> accounts = offers(tokens.session(accessToken), facts).roles().stream()
                .map(RoleOffers.Offer::accountId).distinct().toList();
        return page(accounts, nextToken, maxResults);
    }

    public Page<RoleOffers.Offer> roles(String accessToken, String accountId, String nextToken, Integer maxResults,
                                        RequestFacts facts) {
        SsoTokens.Session session = tokens.session(accessToken);
        requireAccountId(accountId);
        List<RoleOffers.Offer> roles = offers(session, facts).roles().stream()
                .filter(o -> o.accountId().equals(accountId)).toList();
        return page(roles, nextToken, maxResults);
    }

    /** ForbiddenException (its table message) when the person is not offered the role. */
    public TemporaryCredentials credentials(String accessToken, String accountId, String roleName, RequestFacts facts) {
        SsoTokens.Session session = tokens.session(accessToken);
        requireAccountId(accountId);
        if (roleName == null || roleName.isEmpty() || roleName.length() > 64) {
            throw new AwsException(ErrorCode.InvalidRequestException, "role_name is required");
        }
        RoleOffers.Offers offered = offers(session, facts);
        RoleOffers.Offer offer = offered.roles().stream()
                .filter(o -> o.accountId().equals(accountId) && o.roleName().equals(roleName)).findFirst()
                .orElseThrow(() -> new AwsException(ErrorCode.ForbiddenException));
        return offers.credentials(signIn(session), session.idToken(), session.signedInAt(), offer.roleArn(),
                offered.sessionName(), facts).credentials();
    }

    private RoleOffers.Offers offers(SsoTokens.Session session, RequestFacts facts) {
        return offers.offers(signIn(session), session.idToken(), session.signedInAt(), sessionName(session.idToken()),
                facts);
    }

    /** The sign-in the session came through; gone (its providers deleted) means the session is dead. */
    private SignIns.SignIn signIn(SsoTokens.Session session) {
        return signIns.byKey(session.signInKey()).orElseThrow(() -> new AwsException(ErrorCode.UnauthorizedException));
    }

    static String sessionName(String idToken) {
        try {
            JWTClaimsSet claims = SignedJWT.parse(idToken).getJWTClaimsSet();
            return RoleOffers.sessionName(Optional.ofNullable(claims.getStringClaim("preferred_username")),
                    Optional.ofNullable(claims.getStringClaim("email")), claims.getSubject());
        } catch (ParseException e) {
            throw new AwsException(ErrorCode.UnauthorizedException);
        }
    }

    private static void requireAccountId(String accountId) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new AwsException(ErrorCode.InvalidRequestException, "account_id must be a 12-digit account ID");
        }
    }

    static <T> Page<T> page(List<T> all, String nextToken, Integer maxResults) {
        int size = maxResults == null ? MAX_PAGE : maxResults;
        if (size < 1 || size > MAX_PAGE) {
            throw new AwsException(ErrorCode.InvalidRequestException, "max_result must be between 1 and " + MAX_PAGE);
        }
        int from = 0;
        if (nextToken != null) {
            if (!nextToken.matches("\\d{1,6}") || Integer.parseInt(nextToken) > all.size()) {
                throw new AwsException(ErrorCode.InvalidRequestException, "Invalid next_token");
            }
            from = Integer.parseInt(nextToken);
        }
        int to = Math.min(all.size(), from + size);
        return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : null);
    }
}
