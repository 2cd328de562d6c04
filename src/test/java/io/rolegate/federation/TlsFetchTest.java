package io.rolegate.federation;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.rolegate.error.ErrorCode;
import io.rolegate.federation.runtime.VertxDocumentFetcher;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.X509ExtendedTrustManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import static io.rolegate.federation.Fixtures.ACCOUNT;
import static io.rolegate.federation.Fixtures.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keys over HTTPS (the production path): certificate and host name verification through the pinned connection. */
class TlsFetchTest {
    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    static TestCertificates.Issued selfSigned; // names IP 127.0.0.1 only
    static TestIssuer issuer;

    @BeforeAll
    static void start() throws Exception {
        selfSigned = TestCertificates.cert("rolegate test idp").ca()
                .keyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment)
                .ip("127.0.0.1").make();
        issuer = new TestIssuer("", TestCertificates.server(selfSigned));
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    private static String validate(TestIssuer idp, X509ExtendedTrustManager trust) throws Exception {
        return validate(idp, trust, List.of());
    }

    private static String validate(TestIssuer idp, X509ExtendedTrustManager trust, List<String> thumbprints)
            throws Exception {
        try (VertxDocumentFetcher fetcher = Fixtures.fetcher(VERTX.get(), true, Fixtures.patient(), trust);
             RemoteKeys keys = new RemoteKeys(fetcher, KeySettings.defaults(), KeyFetchObserver.NONE,
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
        assertEquals("tls-user", validate(issuer, TestCertificates.trusting(selfSigned.certificate())));
    }

    @Test
    void untrustedCertificateIsRefused() {
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                () -> validate(issuer, ThumbprintTrust.jdkDefault()));
    }

    @Test
    void certificateForAnotherNameIsRefused() throws Exception {
        try (TestIssuer other = new TestIssuer("", TestCertificates.server(selfSigned))) {
            other.host("localhost"); // the certificate names 127.0.0.1 only
            fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                    () -> validate(other, TestCertificates.trusting(selfSigned.certificate())));
            assertEquals(0, other.discoveryHits.get());
        }
    }

    @Test
    void privateCaIsTrustedThroughTheProviderThumbprint() throws Exception {
        String thumbprint = ThumbprintTrust.sha1(selfSigned.certificate()).toUpperCase(Locale.ROOT);
        assertEquals(40, thumbprint.length());
        assertEquals("tls-user", validate(issuer, ThumbprintTrust.jdkDefault(), List.of("0".repeat(40), thumbprint)));
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY,
                () -> validate(issuer, ThumbprintTrust.jdkDefault(), List.of("0".repeat(40))));
    }

    @Test
    void thumbprintDoesNotExcuseAWrongHostName() throws Exception {
        try (TestIssuer other = new TestIssuer("", TestCertificates.server(selfSigned))) {
            other.host("localhost");
            fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NO_VERIFICATION_KEY, () -> validate(other,
                    ThumbprintTrust.jdkDefault(), List.of(ThumbprintTrust.sha1(selfSigned.certificate()))));
            assertEquals(0, other.discoveryHits.get());
        }
    }
}
