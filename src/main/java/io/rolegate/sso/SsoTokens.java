package io.rolegate.sso;

import com.nimbusds.jwt.SignedJWT;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Secrets;
import io.rolegate.model.SsoClient;
import io.rolegate.model.SsoGrant;
import io.rolegate.model.SsoToken;
import io.rolegate.store.SsoStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * SSO OIDC CreateToken and the access tokens the portal API accepts. An access token carries the person's ID token
 * (sealed) and the moment they signed in: the SSO session lasts {@code rolegate.sso.session-duration} from then,
 * whatever the ID token's own lifetime, and the portal API re-validates that ID token as of the sign-in
 * ({@link SsoAssignments}). Refresh tokens rotate: each is good once.
 */
@ApplicationScoped
public class SsoTokens {
    /** What CreateToken answers. */
    public record Issued(String accessToken, long expiresInSeconds, String refreshToken) {
    }

    /** A live SSO session, as the portal API sees it. */
    public record Session(String tokenHash, String signInKey, String idToken, Instant signedInAt) {
    }

    /** The CreateToken request members this gateway reads. */
    public record TokenRequest(String clientId, String clientSecret, String grantType, String deviceCode,
                               String code, String refreshToken, List<String> scopes, String redirectUri,
                               String codeVerifier) {
    }

    @Inject
    SsoStore store;
    @Inject
    SsoClients clients;
    @Inject
    DeviceLogins devices;
    @Inject
    BrowserAuthorizations browsers;
    @Inject
    SsoSettings settings;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;

    public Issued create(TokenRequest in) {
        SsoClient client = clients.authenticate(in.clientId(), in.clientSecret());
        String grantType = in.grantType();
        if (grantType == null || !SsoClients.GRANT_TYPES.contains(grantType)) {
            throw new AwsException(ErrorCode.UnsupportedGrantTypeException, "Unsupported grant type: " + grantType);
        }
        if (!client.grantTypes().contains(grantType)) {
            throw new AwsException(ErrorCode.UnauthorizedClientException,
                    "This client did not register the grant type " + grantType);
        }
        return switch (grantType) {
            case SsoClients.DEVICE_CODE -> fromGrant(client, devices.poll(client, in.deviceCode()));
            case SsoClients.AUTHORIZATION_CODE ->
                    fromGrant(client, browsers.exchange(client, in.code(), in.codeVerifier(), in.redirectUri()));
            default -> refresh(client, in.refreshToken());
        };
    }

    private Issued fromGrant(SsoClient client, SsoGrant grant) {
        String idToken = secrets.open(grant.sealedIdToken(), grant.idHash());
        return issue(client, grant.signInKey(), grant.scopes(), idToken, signedInAt(idToken));
    }

    private Issued refresh(SsoClient client, String refreshToken) {
        String hash = refreshToken == null || refreshToken.length() > 256 ? "" : SsoCodes.hash(refreshToken);
        SsoToken old = store.tokenByRefresh(hash).orElse(null);
        if (old == null || !old.clientId().equals(client.clientId()) || !store.deleteToken(old.tokenHash())) {
            throw new AwsException(ErrorCode.InvalidGrantException, "Invalid grant provided");
        }
        if (!clock.instant().isBefore(old.refreshExpiresAt())) {
            throw new AwsException(ErrorCode.ExpiredTokenException, "The SSO session has expired; sign in again");
        }
        return issue(client, old.signInKey(), old.scopes(), secrets.open(old.sealedIdToken(), old.tokenHash()),
                old.loginAt());
    }

    private Issued issue(SsoClient client, String signInKey, List<String> scopes, String idToken, Instant signedInAt) {
        Instant now = clock.instant();
        Instant sessionEnd = signedInAt.plus(settings.sessionDuration());
        Instant expires = now.plus(settings.accessTokenLifetime());
        if (expires.isAfter(sessionEnd)) {
            expires = sessionEnd;
        }
        if (!now.isBefore(expires)) {
            throw new AwsException(ErrorCode.ExpiredTokenException, "The SSO session has expired; sign in again");
        }
        String access = SsoCodes.secret(random, "rgat");
        String refresh = SsoCodes.secret(random, "rgrt");
        String hash = SsoCodes.hash(access);
        store.putToken(new SsoToken(hash, SsoCodes.hash(refresh), client.clientId(), signInKey, scopes,
                secrets.seal(idToken, hash), signedInAt, expires, sessionEnd));
        boolean refreshes = client.grantTypes().contains(SsoClients.REFRESH_TOKEN);
        return new Issued(access, expires.getEpochSecond() - now.getEpochSecond(), refreshes ? refresh : null);
    }

    /** The session of a bearer token; UnauthorizedException for a missing, unknown, expired or logged-out one. */
    public Session session(String accessToken) {
        String hash = accessToken == null || accessToken.length() > 256 ? "" : SsoCodes.hash(accessToken);
        SsoToken t = store.token(hash).filter(x -> clock.instant().isBefore(x.expiresAt()))
                .orElseThrow(() -> new AwsException(ErrorCode.UnauthorizedException));
        return new Session(hash, t.signInKey(), secrets.open(t.sealedIdToken(), hash), t.loginAt());
    }

    /** Ends the session of this access token (its refresh token too). */
    public void logout(String accessToken) {
        store.deleteToken(session(accessToken).tokenHash());
    }

    /** The ID token's iat (when the identity provider signed the person in), else now. */
    private Instant signedInAt(String idToken) {
        try {
            Date iat = SignedJWT.parse(idToken).getJWTClaimsSet().getIssueTime();
            Instant now = clock.instant();
            return iat == null || iat.toInstant().isAfter(now) ? now : iat.toInstant();
        } catch (ParseException e) {
            return clock.instant();
        }
    }
}
