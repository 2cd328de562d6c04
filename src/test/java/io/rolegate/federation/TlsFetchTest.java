package io.rolegate.federation;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.rolegate.error.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocketFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static io.rolegate.federation.Fixtures.ACCOUNT;
import static io.rolegate.federation.Fixtures.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keys over HTTPS (the production path): certificate and host name verification through the pinned connection. */
class TlsFetchTest {
    static TestTls tls;
    static TestIssuer issuer;

    @BeforeAll
    static void start() throws Exception {
        tls = new TestTls();
        issuer = new TestIssuer("", tls.server);
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static String validate(TestIssuer idp, SSLSocketFactory trust) throws Exception {
        return validate(idp, trust, List.of());
    }

    private static String validate(TestIssuer idp, SSLSocketFactory trust, List<String> thumbprints) throws Exception {
        GuardedRetriever retriever = new GuardedRetriever(
                new AddressGuard(true, List.of(), InetAddress::getAllByName), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(20), 1 << 16, trust);
        try (RemoteKeys keys = new RemoteKeys(retriever::forThumbprints, KeySettings.defaults(), KeyFetchObserver.NONE,
                Clock.systemUTC())) {
            WebIdentityValidator v = new WebIdentityValidator(Clock.systemUTC(), keys, Duration.ZERO, ExtraClaims.none());
            String token = idp.sign(new JWTClaimsSet.Builder().issuer(idp.url()).audience("c").subject("tls-user")
                    .expirationTime(Date.from(Instant.now().plusSeconds(60))).build(), JWSAlgorithm.ES256);
            TrustedIssuer p = idp.provider("c");
            TrustedIssuer pinned = new TrustedIssuer(p.arn(), p.url(), p.clientIds(), thumbprints);
            return v.validate(token, ACCOUNT, Fixtures.lookup(pinned)).subject();
        }
    }

    @Test
    void trustedCertificateWorks() throws Exception {
        assertEquals("tls-user", validate(issuer, tls.trustingClient));
    }

    @Test
    void untrustedCertificateIsRefused() {
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                () -> validate(issuer, (SSLSocketFactory) SSLSocketFactory.getDefault()));
    }

    @Test
    void certificateForAnotherNameIsRefused() throws Exception {
        try (TestIssuer other = new TestIssuer("", tls.server)) {
            other.host("localhost"); // the certificate names 127.0.0.1 only
            fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                    () -> validate(other, tls.trustingClient));
            assertEquals(0, other.discoveryHits.get());
        }
    }

    @Test
    void privateCaIsTrustedThroughTheProviderThumbprint() throws Exception {
        SSLSocketFactory jdk = (SSLSocketFactory) SSLSocketFactory.getDefault();
        String thumbprint = ThumbprintTrust.sha1(tls.certificate).toUpperCase(java.util.Locale.ROOT);
        assertEquals(40, thumbprint.length());
        assertEquals("tls-user", validate(issuer, jdk, List.of("0".repeat(40), thumbprint)));
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                () -> validate(issuer, jdk, List.of("0".repeat(40))));
    }

    @Test
    void thumbprintDoesNotExcuseAWrongHostName() throws Exception {
        try (TestIssuer other = new TestIssuer("", tls.server)) {
            other.host("localhost");
            fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY, () -> validate(other,
                    (SSLSocketFactory) SSLSocketFactory.getDefault(), List.of(ThumbprintTrust.sha1(tls.certificate))));
            assertEquals(0, other.discoveryHits.get());
        }
    }
}
