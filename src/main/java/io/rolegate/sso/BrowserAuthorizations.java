package io.rolegate.sso;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Secrets;
import io.rolegate.model.SsoClient;
import io.rolegate.model.SsoGrant;
import io.rolegate.store.SsoStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The authorization code grant with PKCE S256 and a loopback redirect (what newer AWS CLIs and SDKs use):
 * GET /authorize is checked here and parked while the person signs in through the portal's identity provider;
 * then a one-time code goes to the tool's loopback listener, which trades it with its code verifier at CreateToken.
 */
@ApplicationScoped
public class BrowserAuthorizations {
    /** A parked /authorize request: where the person signs in, and the id that resumes it. */
    public record Begun(String pendingId, String signInKey) {
    }

    @Inject
    SsoStore store;
    @Inject
    SsoClients clients;
    @Inject
    SsoSettings settings;
    @Inject
    Secrets secrets;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;

    /**
     * Checks an /authorize request; nothing here redirects, so a bad client or redirect URI can never send the
     * browser anywhere.
     */
    public Begun begin(String responseType, String clientId, String redirectUri, String state, String codeChallenge,
                       String challengeMethod, List<String> scopes) {
        SsoClient client = clients.known(clientId);
        if (!SsoClients.redirectAllowed(client, redirectUri)) {
            throw new AwsException(ErrorCode.InvalidRedirectUriException,
                    "redirect_uri is not one this client registered");
        }
        if (!client.grantTypes().contains(SsoClients.AUTHORIZATION_CODE)) {
            throw new AwsException(ErrorCode.UnauthorizedClientException,
                    "This client did not register the authorization_code grant");
        }
        if (!"code".equals(responseType)) {
            throw new AwsException(ErrorCode.InvalidRequestException, "response_type must be code");
        }
        if (!"S256".equals(challengeMethod) || codeChallenge == null || !codeChallenge.matches("[A-Za-z0-9_-]{43}")) {
            throw new AwsException(ErrorCode.InvalidRequestException,
                    "code_challenge and code_challenge_method=S256 are required");
        }
        if (state != null && state.length() > 1024) {
            throw new AwsException(ErrorCode.InvalidRequestException, "state is too long");
        }
        String key = client.signInKey() != null ? client.signInKey()
                : StartUrls.signInKey("", clients.keys()).orElseThrow(() -> new AwsException(
                        ErrorCode.InvalidRequestException, "Register the client with the start URL as issuerUrl"));
        Instant now = clock.instant();
        store.purgeExpired(now);
        String pendingId = SsoCodes.secret(random, "");
        store.putGrant(new SsoGrant(SsoCodes.hash(pendingId), SsoGrant.Kind.AUTHORIZE, client.clientId(), key, null,
                redirectUri, state, codeChallenge, scopes.isEmpty() ? client.scopes() : scopes, null, null,
                now.plus(settings.codeLifetime())));
        return new Begun(pendingId, key);
    }

    /**
     * The person signed in to {@code signInKey}: the parked request becomes a one-time code; the answer is the
     * loopback URL to send the browser to. AccessDenied-free: an unknown or expired request is InvalidRequest.
     */
    public String complete(String pendingId, String signInKey, String idToken) {
        String pendingHash = pendingId == null || pendingId.length() > 128 ? "" : SsoCodes.hash(pendingId);
        SsoGrant parked = store.grant(pendingHash)
                .filter(g -> g.kind() == SsoGrant.Kind.AUTHORIZE && g.signInKey().equals(signInKey))
                .filter(g -> clock.instant().isBefore(g.expiresAt())).orElse(null);
        if (parked == null || !store.consumeGrant(pendingHash)) {
            throw new AwsException(ErrorCode.InvalidRequestException,
                    "This sign-in request expired or was already used; start the login again from your tool");
        }
        String code = SsoCodes.secret(random, "rga");
        String codeHash = SsoCodes.hash(code);
        store.putGrant(new SsoGrant(codeHash, SsoGrant.Kind.CODE, parked.clientId(), signInKey, null,
                parked.redirectUri(), null, parked.codeChallenge(), parked.scopes(),
                secrets.seal(idToken, codeHash), null, clock.instant().plus(settings.codeLifetime())));
        String sep = parked.redirectUri().contains("?") ? "&" : "?";
        return parked.redirectUri() + sep + "code=" + enc(code)
                + (parked.state() == null ? "" : "&state=" + enc(parked.state()));
    }

    /**
     * CreateToken with an authorization code: used once whatever happens (a second try, with any verifier, finds
     * nothing), issued to the client it was for, with the same redirect URI, and the verifier matching.
     */
    SsoGrant exchange(SsoClient client, String code, String verifier, String redirectUri) {
        String hash = code == null || code.length() > 256 ? "" : SsoCodes.hash(code);
        SsoGrant g = store.grant(hash).filter(x -> x.kind() == SsoGrant.Kind.CODE).orElse(null);
        if (g == null || !store.consumeGrant(hash) || !clock.instant().isBefore(g.expiresAt())
                || !g.clientId().equals(client.clientId())) {
            throw new AwsException(ErrorCode.InvalidGrantException, "Invalid grant provided");
        }
        if (redirectUri == null || !redirectUri.equals(g.redirectUri())) {
            throw new AwsException(ErrorCode.InvalidGrantException, "redirectUri does not match the authorization request");
        }
        if (!SsoCodes.pkceMatches(verifier, g.codeChallenge())) {
            throw new AwsException(ErrorCode.InvalidGrantException, "codeVerifier does not match the code challenge");
        }
        return g;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
