package io.rolegate.sso;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Secrets;
import io.rolegate.store.MasterKeyFile;
import io.rolegate.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSO OIDC grant rules with a hand-moved clock and an in-memory store: device codes expire, polls too fast are
 * slowed down, codes and refresh tokens work once, PKCE and the redirect URI must match, access tokens and sessions
 * expire. Each refusal issues nothing (no token in the store).
 */
class SsoGrantRulesTest {
    static final String KEY = "0123456789abcdef";
    /** A JWT-shaped ID token; its content does not matter here (the portal API validates it, not the grants). */
    static final String ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImlhdCI6MTc5NjEyMDAwMH0.c2ln";
    static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-abc";

    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    InMemorySsoStore store = new InMemorySsoStore();
    SsoClients clients = new SsoClients();
    DeviceLogins devices = new DeviceLogins();
    BrowserAuthorizations browsers = new BrowserAuthorizations();
    SsoTokens tokens = new SsoTokens();
    SsoClients.Registered deviceClient;
    SsoClients.Registered browserClient;

    @BeforeEach
    void wire() {
        SecureRandom random = new SecureRandom();
        Secrets secrets = new Secrets(random, new MasterKeyFile(
                Optional.of(Base64.getEncoder().encodeToString(new byte[32])), Optional.empty(), null, random));
        SsoSettings settings = new SsoSettings(Duration.ofDays(90), Duration.ofMinutes(10), Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(8));
        clients = new SsoClients() {
            @Override
            List<String> keys() {
                return List.of(KEY);
            }
        };
        clients.store = store;
        clients.settings = settings;
        clients.clock = clock;
        clients.random = random;
        devices.store = store;
        devices.clients = clients;
        devices.settings = settings;
        devices.secrets = secrets;
        devices.clock = clock;
        devices.random = random;
        browsers.store = store;
        browsers.clients = clients;
        browsers.settings = settings;
        browsers.secrets = secrets;
        browsers.clock = clock;
        browsers.random = random;
        tokens.store = store;
        tokens.clients = clients;
        tokens.devices = devices;
        tokens.browsers = browsers;
        tokens.settings = settings;
        tokens.secrets = secrets;
        tokens.clock = clock;
        tokens.random = random;
        deviceClient = clients.register("cli", "public", List.of("sso:account:access"), List.of(), List.of(), null);
        browserClient = clients.register("sdk", "public", List.of(), List.of("http://127.0.0.1/oauth/callback"),
                List.of(SsoClients.AUTHORIZATION_CODE, SsoClients.REFRESH_TOKEN), "https://" + KEY + ".awsapps.com/start");
    }

    private SsoTokens.TokenRequest device(String deviceCode) {
        return new SsoTokens.TokenRequest(deviceClient.client().clientId(), deviceClient.clientSecret(),
                SsoClients.DEVICE_CODE, deviceCode, null, null, List.of(), null, null);
    }

    private SsoTokens.TokenRequest code(String code, String verifier, String redirectUri) {
        return new SsoTokens.TokenRequest(browserClient.client().clientId(), browserClient.clientSecret(),
                SsoClients.AUTHORIZATION_CODE, null, code, null, List.of(), redirectUri, verifier);
    }

    private static ErrorCode refused(Runnable r) {
        return assertThrows(AwsException.class, r::run).code();
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes()));
    }

    /** The loopback URL /authorize sends the browser to, for a port the tool chose. */
    private Map<String, String> authorize(int port) throws Exception {
        BrowserAuthorizations.Begun begun = browsers.begin("code", browserClient.client().clientId(),
                "http://127.0.0.1:" + port + "/oauth/callback", "st4te", challenge(VERIFIER), "S256", List.of());
        assertEquals(KEY, begun.signInKey());
        URI back = URI.create(browsers.complete(begun.pendingId(), KEY, ID_TOKEN));
        assertEquals(port, back.getPort());
        Map<String, String> q = new HashMap<>();
        for (String kv : back.getRawQuery().split("&")) {
            q.put(kv.split("=")[0], java.net.URLDecoder.decode(kv.split("=")[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return q;
    }

    @Test
    void deviceCodePendingThenSlowDownThenTokensOnceAfterApproval() {
        DeviceLogins.Started s = devices.start(deviceClient.client().clientId(), deviceClient.clientSecret(),
                "https://anything.example/start");
        assertTrue(s.userCode().matches("[CDFGHJKMNPQRTVWX]{4}-[CDFGHJKMNPQRTVWX]{4}"), s.userCode());
        assertEquals(ErrorCode.AuthorizationPendingException, refused(() -> tokens.create(device(s.deviceCode()))));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(ErrorCode.SlowDownException, refused(() -> tokens.create(device(s.deviceCode()))));
        // typed sloppily on a phone: lower case, no dash
        assertTrue(devices.pending(s.userCode().toLowerCase().replace("-", " ")).isPresent());
        assertFalse(devices.approve(s.userCode(), "fedcba9876543210", ID_TOKEN), "another sign-in's person");
        assertTrue(devices.approve(s.userCode(), KEY, ID_TOKEN));
        clock.advance(Duration.ofSeconds(5));
        SsoTokens.Issued issued = tokens.create(device(s.deviceCode()));
        assertNotNull(issued.refreshToken());
        assertEquals(KEY, tokens.session(issued.accessToken()).signInKey());
        assertEquals(ID_TOKEN, tokens.session(issued.accessToken()).idToken());
        assertEquals(ErrorCode.AccessDeniedException, refused(() -> tokens.create(device(s.deviceCode()))),
                "a device code is good once");
        assertEquals(1, store.tokens.size());
    }

    @Test
    void anExpiredDeviceCodeIssuesNothing() {
        DeviceLogins.Started s = devices.start(deviceClient.client().clientId(), deviceClient.clientSecret(), "x");
        clock.advance(Duration.ofMinutes(10));
        assertFalse(devices.approve(s.userCode(), KEY, ID_TOKEN), "too late to approve");
        assertEquals(ErrorCode.ExpiredTokenException, refused(() -> tokens.create(device(s.deviceCode()))));
        assertTrue(store.tokens.isEmpty());
    }

    @Test
    void aDeniedDeviceGetsAccessDenied() {
        DeviceLogins.Started s = devices.start(deviceClient.client().clientId(), deviceClient.clientSecret(), "x");
        assertTrue(devices.deny(s.userCode(), KEY));
        assertEquals(ErrorCode.AccessDeniedException, refused(() -> tokens.create(device(s.deviceCode()))));
        assertTrue(store.tokens.isEmpty());
    }

    @Test
    void unknownClientsAndWrongSecretsAreInvalidClients() {
        assertEquals(ErrorCode.InvalidClientException, refused(() -> devices.start("nobody", "x", "x")));
        assertEquals(ErrorCode.InvalidClientException, refused(() -> devices.start(deviceClient.client().clientId(),
                deviceClient.clientSecret() + "x", "x")));
        clock.advance(Duration.ofDays(90));
        assertEquals(ErrorCode.InvalidClientException, refused(() -> devices.start(deviceClient.client().clientId(),
                deviceClient.clientSecret(), "x")), "expired registration");
    }

    @Test
    void anAuthorizationCodeNeedsTheVerifierAndRedirectAndWorksOnce() throws Exception {
        Map<String, String> back = authorize(49152);
        assertEquals("st4te", back.get("state"));
        String redirect = "http://127.0.0.1:49152/oauth/callback";
        assertEquals(ErrorCode.InvalidGrantException,
                refused(() -> tokens.create(code(back.get("code"), VERIFIER.replace('v', 'w'), redirect))));
        assertEquals(ErrorCode.InvalidGrantException, refused(() -> tokens.create(code(back.get("code"), VERIFIER,
                redirect))), "a failed try burns the code");

        Map<String, String> again = authorize(50000);
        assertEquals(ErrorCode.InvalidGrantException, refused(() -> tokens.create(code(again.get("code"), VERIFIER,
                "http://127.0.0.1:50001/oauth/callback"))), "another redirect URI");
        assertTrue(store.tokens.isEmpty());

        Map<String, String> third = authorize(50002);
        String thirdRedirect = "http://127.0.0.1:50002/oauth/callback";
        SsoTokens.Issued issued = tokens.create(code(third.get("code"), VERIFIER, thirdRedirect));
        assertEquals(ErrorCode.InvalidGrantException, refused(() -> tokens.create(code(third.get("code"), VERIFIER,
                thirdRedirect))), "replayed code");
        assertEquals(1, store.tokens.size());
        assertNotNull(tokens.session(issued.accessToken()));
    }

    @Test
    void authorizeRefusesUnregisteredRedirectsBeforeAnyLogin() throws Exception {
        String id = browserClient.client().clientId();
        String c = challenge(VERIFIER);
        assertEquals(ErrorCode.InvalidRedirectUriException, refused(() -> browsers.begin("code", id,
                "http://evil.example/oauth/callback", "s", c, "S256", List.of())));
        assertEquals(ErrorCode.InvalidRedirectUriException, refused(() -> browsers.begin("code", id,
                "http://127.0.0.1:4000/other", "s", c, "S256", List.of())));
        assertEquals(ErrorCode.InvalidRequestException, refused(() -> browsers.begin("code", id,
                "http://127.0.0.1:4000/oauth/callback", "s", c, "plain", List.of())));
        assertEquals(ErrorCode.InvalidClientException, refused(() -> browsers.begin("code", "nobody",
                "http://127.0.0.1:4000/oauth/callback", "s", c, "S256", List.of())));
        assertTrue(store.grants.isEmpty());
    }

    @Test
    void accessTokensExpireRefreshTokensRotateAndTheSessionEnds() throws Exception {
        Map<String, String> back = authorize(40000);
        SsoTokens.Issued first = tokens.create(code(back.get("code"), VERIFIER, "http://127.0.0.1:40000/oauth/callback"));
        clock.advance(Duration.ofHours(1));
        assertEquals(ErrorCode.UnauthorizedException, refused(() -> tokens.session(first.accessToken())));
        SsoTokens.TokenRequest refresh = new SsoTokens.TokenRequest(browserClient.client().clientId(),
                browserClient.clientSecret(), SsoClients.REFRESH_TOKEN, null, null, first.refreshToken(), List.of(),
                null, null);
        SsoTokens.Issued second = tokens.create(refresh);
        assertNotNull(tokens.session(second.accessToken()));
        assertEquals(ErrorCode.InvalidGrantException, refused(() -> tokens.create(refresh)), "refresh tokens rotate");
        tokens.logout(second.accessToken());
        assertEquals(ErrorCode.UnauthorizedException, refused(() -> tokens.session(second.accessToken())));
        assertEquals(ErrorCode.UnauthorizedException, refused(() -> tokens.session("forged")));
    }

    @Test
    void userCodesAreShortAndForgiving() {
        assertEquals("CDFG-HJKM", SsoCodes.normalizeUserCode("cdfg hjkm"));
        assertEquals(null, SsoCodes.normalizeUserCode("CDFG-HJKA"), "A is not in the alphabet");
        assertEquals(null, SsoCodes.normalizeUserCode("CDFG-HJK"));
    }

    @Test
    void startUrlsNameASignInByKey() {
        List<String> two = List.of(KEY, "fedcba9876543210");
        assertEquals(Optional.of(KEY), StartUrls.signInKey("https://" + KEY + ".awsapps.com/start", two));
        assertEquals(Optional.of("fedcba9876543210"),
                StartUrls.signInKey("http://127.0.0.1:8080/portal/sso/fedcba9876543210", two));
        assertEquals(Optional.empty(), StartUrls.signInKey("https://my-company.awsapps.com/start", two));
        assertEquals(Optional.of(KEY), StartUrls.signInKey("https://my-company.awsapps.com/start", List.of(KEY)));
    }
}
