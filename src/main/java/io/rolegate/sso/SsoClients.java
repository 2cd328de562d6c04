package io.rolegate.sso;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.SsoClient;
import io.rolegate.store.SsoStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * SSO OIDC RegisterClient and client authentication. A client is an AWS tool on someone's machine ("public" is the
 * only client type); its secret is returned once and stored as its SHA-256. Redirect URIs must be loopback
 * (http://127.0.0.1, localhost or [::1], any port), as the AWS tools use.
 */
@ApplicationScoped
public class SsoClients {
    public static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";
    static final Set<String> GRANT_TYPES = Set.of(DEVICE_CODE, AUTHORIZATION_CODE, REFRESH_TOKEN);
    static final int MAX_LIST = 20;

    /** The registration, with the one copy of the secret. */
    public record Registered(SsoClient client, String clientSecret) {
    }

    @Inject
    SsoStore store;
    @Inject
    SignIns signIns;
    @Inject
    SsoSettings settings;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;

    public Registered register(String clientName, String clientType, List<String> scopes, List<String> redirectUris,
                               List<String> grantTypes, String issuerUrl) {
        if (clientName == null || clientName.isBlank() || clientName.length() > 255) {
            throw new AwsException(ErrorCode.InvalidRequestException, "clientName is required (1 to 255 characters)");
        }
        if (!"public".equals(clientType)) {
            throw new AwsException(ErrorCode.InvalidRequestException, "clientType must be public");
        }
        for (List<String> l : List.of(scopes, redirectUris, grantTypes)) {
            if (l.size() > MAX_LIST || l.stream().anyMatch(s -> s == null || s.isEmpty() || s.length() > 1024 || s.contains(" "))) {
                throw new AwsException(ErrorCode.InvalidRequestException, "Invalid list in the request");
            }
        }
        for (String uri : redirectUris) {
            if (!loopback(uri)) {
                throw new AwsException(ErrorCode.InvalidRedirectUriException,
                        "Redirect URIs must be http loopback addresses (127.0.0.1, localhost, [::1]): " + uri);
            }
        }
        List<String> grants = grantTypes.isEmpty() ? List.of(DEVICE_CODE, REFRESH_TOKEN) : grantTypes;
        for (String g : grants) {
            if (!GRANT_TYPES.contains(g)) {
                throw new AwsException(ErrorCode.UnsupportedGrantTypeException, "Unsupported grant type: " + g);
            }
        }
        String key = issuerUrl == null ? null : StartUrls.signInKey(issuerUrl, keys()).orElseThrow(
                () -> new AwsException(ErrorCode.InvalidRequestException, "No sign-in matches the issuer URL"));
        Instant now = clock.instant();
        String secret = SsoCodes.secret(random, "rgcs");
        SsoClient client = new SsoClient(SsoCodes.secret(random, "rgc").substring(0, 40), SsoCodes.hash(secret),
                clientName, key, List.copyOf(redirectUris), List.copyOf(grants), List.copyOf(scopes), now,
                now.plus(settings.clientLifetime()));
        store.putClient(client);
        return new Registered(client, secret);
    }

    /** The client, if the id and secret match and it has not expired; else InvalidClientException. */
    public SsoClient authenticate(String clientId, String clientSecret) {
        SsoClient client = known(clientId);
        if (!SsoCodes.matches(clientSecret, client.secretHash())) {
            throw invalidClient();
        }
        return client;
    }

    /** A registered, unexpired client by id alone (the browser's /authorize carries no secret). */
    public SsoClient known(String clientId) {
        SsoClient client = clientId == null || clientId.length() > 64 ? null : store.client(clientId).orElse(null);
        if (client == null || !clock.instant().isBefore(client.expiresAt())) {
            throw invalidClient();
        }
        return client;
    }

    List<String> keys() {
        return signIns.all().stream().map(SignIns.SignIn::key).toList();
    }

    /** A redirect URI the client registered, the port of a loopback one free (RFC 8252 §7.3). */
    static boolean redirectAllowed(SsoClient client, String redirectUri) {
        if (redirectUri == null || !loopback(redirectUri)) {
            return false;
        }
        URI asked = URI.create(redirectUri);
        return client.redirectUris().stream().map(URI::create).anyMatch(r -> r.getScheme().equals(asked.getScheme())
                && r.getHost().equals(asked.getHost()) && java.util.Objects.equals(r.getRawPath(), asked.getRawPath()));
    }

    static boolean loopback(String uri) {
        try {
            URI u = URI.create(uri);
            return "http".equals(u.getScheme()) && u.getHost() != null && u.getRawFragment() == null
                    && u.getRawUserInfo() == null
                    && Set.of("127.0.0.1", "localhost", "[::1]").contains(u.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static AwsException invalidClient() {
        return new AwsException(ErrorCode.InvalidClientException, "Invalid client: unknown, expired or wrong secret");
    }
}
