package io.rolegate.federation;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.runtime.VertxDocumentFetcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.rolegate.federation.Fixtures.ACCOUNT;
import static io.rolegate.federation.Fixtures.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Remote keys through nimbus' cache chain against a real issuer: rotation, rate limit, single flight, outages. */
class RemoteKeysTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
    }

    private TestIssuer issuer() throws Exception {
        TestIssuer issuer = new TestIssuer();
        closeAfter.add(issuer);
        return issuer;
    }

    private VertxDocumentFetcher fetcher(boolean allowLoopback, int sizeLimit) {
        VertxDocumentFetcher fetcher = Fixtures.fetcher(VERTX.get(), allowLoopback, sizeLimit);
        closeAfter.add(0, fetcher);
        return fetcher;
    }

    private WebIdentityValidator validator(KeySettings settings, boolean allowLoopback, int sizeLimit) {
        RemoteKeys keys = new RemoteKeys(fetcher(allowLoopback, sizeLimit), settings, KeyFetchObserver.NONE,
                Clock.systemUTC());
        closeAfter.add(0, keys);
        return new WebIdentityValidator(Clock.systemUTC(), keys, Duration.ofSeconds(30), ExtraClaims.none());
    }

    private WebIdentityValidator validator() {
        return validator(KeySettings.defaults(), true, 1 << 16);
    }

    /** Short cache lifetimes so an expired cache can be observed within a test. */
    private static KeySettings shortLived(Duration maxStaleness) {
        Duration ttl = Duration.ofMillis(800);
        return new KeySettings(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(4), 1 << 16,
                ttl, ttl, ttl, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(100),
                maxStaleness, Duration.ofHours(1));
    }

    private static String token(TestIssuer issuer, JWSAlgorithm alg) throws Exception {
        return issuer.sign(claims(issuer), alg);
    }

    private static JWTClaimsSet claims(TestIssuer issuer) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer.url()).audience("aud").subject("system:serviceaccount:ns:sa")
                .expirationTime(Date.from(now.plusSeconds(600))).issueTime(Date.from(now)).build();
    }

    private static ValidatedWebIdentity validate(WebIdentityValidator v, TestIssuer issuer, String token) {
        return v.validate(token, ACCOUNT, Fixtures.lookup(issuer.provider("aud")));
    }

    @Test
    void keysAreFetchedOnceAndServedFromCache() throws Exception {
        TestIssuer issuer = issuer();
        WebIdentityValidator v = validator();
        for (int i = 0; i < 5; i++) {
            validate(v, issuer, token(issuer, i % 2 == 0 ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256));
        }
        assertEquals(1, issuer.discoveryHits.get());
        assertEquals(1, issuer.fetches());
    }

    @Test
    void rotatedKeyWorksWithoutOperatorActionAndUnknownKidRefetchIsRateLimited() throws Exception {
        TestIssuer issuer = issuer();
        WebIdentityValidator v = validator();
        validate(v, issuer, token(issuer, JWSAlgorithm.RS256));
        assertEquals(1, issuer.fetches());

        issuer.rotate(); // new kids at the IdP; our cache still holds the old set
        ValidatedWebIdentity id = validate(v, issuer, token(issuer, JWSAlgorithm.ES256));
        assertEquals("system:serviceaccount:ns:sa", id.subject());
        assertEquals(2, issuer.fetches(), "one refetch for the unknown kid");

        // Unknown kids keep arriving: no further fetch inside the 30 s window.
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("never-published").generate();
        for (int i = 0; i < 3; i++) {
            String t = TestIssuer.sign(claims(issuer), JWSAlgorithm.RS256, stranger, stranger.getKeyID());
            fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY, () -> validate(v, issuer, t));
        }
        assertEquals(2, issuer.fetches());
        validate(v, issuer, token(issuer, JWSAlgorithm.RS256)); // the cached rotated keys still work
        assertEquals(2, issuer.fetches());
    }

    @Test
    void concurrentColdRequestsShareOneFetch() throws Exception {
        TestIssuer issuer = issuer();
        issuer.delay(300);
        WebIdentityValidator v = validator();
        String token = token(issuer, JWSAlgorithm.ES256);
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ValidatedWebIdentity>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit((Callable<ValidatedWebIdentity>) () -> {
                    go.await();
                    return validate(v, issuer, token);
                }));
            }
            go.countDown();
            for (Future<ValidatedWebIdentity> f : results) {
                assertEquals("system:serviceaccount:ns:sa", f.get(10, TimeUnit.SECONDS).subject());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, issuer.discoveryHits.get());
        assertEquals(1, issuer.fetches());
    }

    @Test
    void warmCacheKeepsWorkingWhileTheIdpIsDown() throws Exception {
        TestIssuer issuer = issuer();
        WebIdentityValidator v = validator(shortLived(Duration.ofMinutes(10)), true, 1 << 16);
        validate(v, issuer, token(issuer, JWSAlgorithm.RS256));
        String token = token(issuer, JWSAlgorithm.ES256);
        issuer.stop();
        Thread.sleep(1200); // past the cache TTL: a refresh is attempted and fails
        ValidatedWebIdentity id = validate(v, issuer, token);
        assertEquals("system:serviceaccount:ns:sa", id.subject());
    }

    @Test
    void staleKeysStopWorkingAfterMaxStaleness() throws Exception {
        TestIssuer issuer = issuer();
        WebIdentityValidator v = validator(shortLived(Duration.ofMillis(1000)), true, 1 << 16);
        validate(v, issuer, token(issuer, JWSAlgorithm.RS256));
        String token = token(issuer, JWSAlgorithm.RS256);
        issuer.mode(TestIssuer.Mode.ERROR_500);
        Thread.sleep(2500); // well past maxStaleness (1 s): the stale keys are no longer used
        fails(ErrorCode.IDPCommunicationError, WebIdentityErrors.IDP_UNREACHABLE, () -> validate(v, issuer, token));
    }

    @Test
    void coldCacheWithIdpStoppedIsACommunicationError() throws Exception {
        TestIssuer issuer = issuer();
        String token = token(issuer, JWSAlgorithm.RS256);
        issuer.stop();
        fails(ErrorCode.IDPCommunicationError, WebIdentityErrors.IDP_UNREACHABLE,
                () -> validate(validator(), issuer, token));
    }

    @Test
    void coldCacheWithIdpFailingIsACommunicationError() throws Exception {
        TestIssuer issuer = issuer();
        issuer.mode(TestIssuer.Mode.ERROR_500);
        String token = token(issuer, JWSAlgorithm.RS256);
        fails(ErrorCode.IDPCommunicationError, WebIdentityErrors.IDP_UNREACHABLE,
                () -> validate(validator(), issuer, token));
        assertEquals(1, issuer.discoveryHits.get());
    }

    @Test
    void oversizedJwksIsRefused() throws Exception {
        for (TestIssuer.Mode mode : List.of(TestIssuer.Mode.HUGE, TestIssuer.Mode.HUGE_CHUNKED)) {
            TestIssuer issuer = issuer();
            issuer.mode(mode);
            String token = token(issuer, JWSAlgorithm.RS256);
            fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                    () -> validate(validator(), issuer, token));
            assertEquals(1, issuer.fetches(), mode.name());
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        TestIssuer issuer = issuer();
        issuer.mode(TestIssuer.Mode.REDIRECT);
        String token = token(issuer, JWSAlgorithm.RS256);
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                () -> validate(validator(), issuer, token));
    }

    @Test
    void loopbackIssuerIsRefusedUnlessAllowedAndNeverContacted() throws Exception {
        TestIssuer issuer = issuer();
        String token = token(issuer, JWSAlgorithm.RS256);
        WebIdentityValidator strict = validator(KeySettings.defaults(), false, 1 << 16);
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                () -> validate(strict, issuer, token));
        assertEquals(0, issuer.discoveryHits.get() + issuer.fetches(), "the issuer was never contacted");
        assertEquals("system:serviceaccount:ns:sa", validate(validator(), issuer, token).subject());
    }

    @Test
    void privateAddressIsRefusedBeforeAnyConnection() {
        VertxDocumentFetcher strict = fetcher(false, 1 << 16);
        for (String url : List.of("http://10.0.0.1/.well-known/openid-configuration", "https://10.0.0.1/keys",
                "https://169.254.169.254/latest/meta-data/", "https://[::1]/keys", "https://[::ffff:10.0.0.1]/keys")) {
            KeyFetchFailure f = org.junit.jupiter.api.Assertions.assertThrows(KeyFetchFailure.class,
                    () -> strict.fetch(new java.net.URL(url)));
            // REFUSED comes from the guard; a connection attempt would have failed as UNREACHABLE instead.
            assertEquals(KeyFetchFailure.Kind.REFUSED, f.kind(), url);
            assertTrue(f.getMessage().contains("non-public address"), f.getMessage());
        }
    }
}
